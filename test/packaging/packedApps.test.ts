import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { rhombusAccounts, type Sandbox, startSandbox } from '@doorway/sandbox'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { freePort } from '../support/demo.js'
import { decide, signInButton } from '../support/flows.js'

/**
 * Doorway as a stranger installs it: the four packages packed from a clean clone of the
 * repository's HEAD (`pnpm release:pack`, which builds each on pack), installed with plain
 * npm into a new app outside the workspace (nothing resolves to the workspace), built, and
 * signed in through in Chromium against the sandbox.
 *
 * The app (test/fixtures/packed-vite-express) is a Vite + React single-page app and the
 * Express recipe of docs/guides/mounting-the-bff.md serving it, configured only by
 * environment variables. Needs the npm registry for the app's other dependencies.
 */

const run = promisify(execFile)
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const fixture = fileURLToPath(new URL('../fixtures/packed-vite-express', import.meta.url))
const nextFixture = fileURLToPath(new URL('../fixtures/packed-next', import.meta.url))
const reactRouterFixture = fileURLToPath(
  new URL('../fixtures/packed-react-router', import.meta.url),
)
/** React Router 7, framework mode: the last major that runs on Node 20 (8 needs Node 22). */
const reactRouterVersion = '7.18.4'
/** The Next.js the recipe is proven with (its npm registry version, current in December 2026). */
const nextVersion = '16.4.6'
const packages = ['core', 'react', 'bff', 'sandbox'] as const

let work: string
let tarballs: Record<(typeof packages)[number], string>
let browser: Browser
const stops: (() => Promise<unknown>)[] = []

/** Runs a command to completion, its output kept for the error if it fails. */
async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  try {
    return await run(command, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout}\n${stderr}`)
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'doorway-packed-'))
  stops.push(() => rm(work, { recursive: true, force: true }))
  // A clean tree: what is committed, nothing built, installed from the lockfile.
  const clone = join(work, 'clone')
  await sh('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, clone], work)
  await sh('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], clone, { CI: 'true' })
  const release = join(work, 'release')
  await sh('pnpm', ['release:pack', release], clone)
  const versionOf = async (name: string) =>
    JSON.parse(await readFile(join(clone, 'packages', name, 'package.json'), 'utf8')).version
  tarballs = Object.fromEntries(
    await Promise.all(
      packages.map(async (name) => [
        name,
        join(release, `doorway-${name}-${await versionOf(name)}.tgz`),
      ]),
    ),
  ) as typeof tarballs
  browser = await launchChromium()
  stops.push(() => browser.close())
}, 300_000)

afterAll(async () => {
  for (const stop of stops.reverse()) await stop()
})

/** Stops `child` and waits for it. */
const stopProcess = (child: ChildProcess) => () =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM')
  })

/** The code blocks of a Markdown guide that start with a `// <path>` comment, by path. */
function filesOf(markdown: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const [, body] of markdown.matchAll(/```tsx?\n([\s\S]*?)```/g)) {
    const path = /^\/\/ (\S+)\n/.exec(body ?? '')?.[1]
    if (path !== undefined) files.set(path, body ?? '')
  }
  return files
}

/**
 * Writes `app`'s package.json: the three packed Doorway packages (`file:` tarballs, as the
 * quick start installs them) plus `dependencies` and `devDependencies`.
 */
async function writeApp(
  app: string,
  manifest: {
    name: string
    type?: 'module'
    // Versions from workspaceVersions, which throws on a name the workspace does not pin.
    dependencies: Record<string, string | undefined>
    devDependencies: Record<string, string | undefined>
  },
) {
  const doorway = {
    '@doorway/core': `file:${tarballs.core}`,
    '@doorway/react': `file:${tarballs.react}`,
    '@doorway/bff': `file:${tarballs.bff}`,
  }
  const full = {
    ...manifest,
    private: true,
    dependencies: { ...doorway, ...manifest.dependencies },
  }
  await writeFile(join(app, 'package.json'), JSON.stringify(full, null, 2))
}

/**
 * A free port for `app`, a sandbox whose Rhombus client `clientId` knows the app's callback
 * on it, and the BFF's environment for both (what the app's server gets, nothing more).
 */
async function sandboxFor(app: string, clientId: string) {
  const port = await freePort()
  const origin = `http://localhost:${port}`
  const clientSecret = `${clientId}-secret`
  const sandbox: Sandbox = await startSandbox({
    clients: [{ clientId, clientSecret, redirectUris: [`${origin}/oauth/callback/rhombus`] }],
  })
  stops.push(() => sandbox.close())
  const env = {
    // The app listens on PORT; users come back to its origin.
    PORT: String(port),
    DOORWAY_APP_ORIGIN: origin,
    SESSION_SECRET: `${clientId}-session-secret-${randomBytes(12).toString('base64url')}`,
    DOORWAY_DB: join(app, 'doorway.db'),
    RHOMBUS_CLIENT_ID: clientId,
    RHOMBUS_CLIENT_SECRET: clientSecret,
    RHOMBUS_CONSOLE_URL: sandbox.rhombus.consoleUrl,
    RHOMBUS_AUTH_URL: sandbox.rhombus.authWebUrl,
    RHOMBUS_API_URL: sandbox.rhombus.apiUrl,
  }
  return { port, origin, sandbox, env }
}

const signedIn = (page: Page) => page.getByText(`Signed in to ${rhombusAccounts.standard.org.name}`)

/** From `origin`, the sign-in button, the sandbox console's Approve, back signed in. */
async function signInWithRhombus(page: Page, origin: string, sandbox: Sandbox) {
  await page.goto(origin)
  await signInButton(page).click()
  await page.waitForURL((url) => url.href.startsWith(sandbox.url))
  await decide(page, 'Approve')
  await expect.poll(() => signedIn(page).count(), { timeout: 20_000 }).toBe(1)
}

/** The versions the workspace itself builds and tests with, so the app matches them. */
async function workspaceVersions() {
  const root = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8'))
  const bff = JSON.parse(await readFile(join(repoRoot, 'packages/bff/package.json'), 'utf8'))
  const pick = (name: string) => root.devDependencies[name] ?? bff.devDependencies[name]
  return Object.fromEntries(
    [
      'react',
      'react-dom',
      '@tanstack/react-query',
      'express',
      'vite',
      '@vitejs/plugin-react',
      '@types/react',
      '@types/node',
    ].map((name) => {
      const version = pick(name)
      if (typeof version !== 'string') throw new Error(`the workspace does not pin ${name}`)
      return [name, version]
    }),
  )
}

/** Starts `node server.mjs` in `dir` with exactly `env` (and PATH); resolves once it listens. */
function startServer(dir: string, env: Record<string, string>): Promise<ChildProcess> {
  return startProcess(dir, process.execPath, ['server.mjs'], env, 'listening ')
}

/** Starts `command` in `dir` with exactly `env` (and PATH); resolves once `ready` is printed. */
function startProcess(
  dir: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: string,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    cwd: dir,
    // Its own process group, so stopping it stops what it started (npx starts vite).
    detached: true,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} did not start:\n${output}`)),
      60_000,
    )
    child.stderr?.on('data', (chunk) => {
      output += chunk
    })
    child.stdout?.on('data', (chunk) => {
      output += chunk
      if (output.includes(ready)) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited (${code}):\n${output}`))
    })
  })
}

describe('the packed packages in a new app, installed with npm', () => {
  it('every tarball is built, licensed and depends on its siblings by version', async () => {
    for (const name of packages) {
      const { stdout: list } = await sh('tar', ['-tzf', tarballs[name]], work)
      expect(list).toContain('package/dist/index.js')
      expect(list).toContain('package/LICENSE')
      expect(list).toContain('package/README.md')
      expect(list).not.toMatch(/\.test\.tsx?$/m)
      const { stdout } = await sh('tar', ['-xzOf', tarballs[name], 'package/package.json'], work)
      const manifest = JSON.parse(stdout)
      expect(manifest).toMatchObject({
        license: 'MIT',
        engines: { node: expect.any(String) },
        repository: { directory: `packages/${name}` },
      })
      expect(stdout).not.toContain('workspace:')
      if (name === 'react' || name === 'bff') {
        expect(manifest.dependencies['@doorway/core']).toBe(`^${manifest.version}`)
      }
    }
  })

  it('Vite + React and the Express recipe: npm install, vite build, node server.mjs, sign in with Rhombus in Chromium', async () => {
    const app = join(work, 'vite-express')
    await cp(fixture, app, { recursive: true })
    const versions = await workspaceVersions()
    await writeApp(app, {
      name: 'packed-vite-express',
      type: 'module',
      dependencies: {
        react: versions.react,
        'react-dom': versions['react-dom'],
        '@tanstack/react-query': versions['@tanstack/react-query'],
        express: versions.express,
      },
      devDependencies: {
        vite: versions.vite,
        '@vitejs/plugin-react': versions['@vitejs/plugin-react'],
      },
    })
    // Plain npm, outside the workspace: nothing may come from it.
    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app)
    await sh('npx', ['vite', 'build', '--logLevel', 'error'], app)
    const built = await readFile(join(app, 'dist/index.html'), 'utf8')
    expect(built).toContain('<script type="module"')

    const { origin, sandbox, env } = await sandboxFor(app, 'packed-app')
    const server = await startServer(app, env)
    stops.push(stopProcess(server))

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await signInWithRhombus(page, origin, sandbox)
      expect(new URL(page.url()).pathname).toBe('/')
      const tokenRequests = sandbox.requests.filter(
        (request) => request.method === 'POST' && request.path === '/oauth/token',
      )
      expect(tokenRequests).toHaveLength(1)
    } finally {
      await context.close()
    }
  }, 300_000)

  it('the quick start, followed literally: its install commands, its three files, then `npx vite` alone (one terminal, one process) signs in, lists the users and signs out', async () => {
    const guide = await readFile(join(repoRoot, 'docs/guides/quick-start.md'), 'utf8')
    const app = join(work, 'quick-start')
    const versions = await workspaceVersions()
    // "You have a Vite + React app": what `npm create vite` (react-ts) gives, minus the demo page.
    await mkdir(join(app, 'src'), { recursive: true })
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'quick-start',
        private: true,
        type: 'module',
        dependencies: { react: versions.react, 'react-dom': versions['react-dom'] },
        devDependencies: {
          vite: versions.vite,
          '@vitejs/plugin-react': versions['@vitejs/plugin-react'],
        },
      }),
    )
    await writeFile(
      join(app, 'index.html'),
      '<!doctype html><html lang="en"><head><meta charset="UTF-8" /><title>My app</title></head><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
    )
    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app)

    // Step 1, before the registry: the guide's npm install commands, with this run's tarballs.
    const release = join(tarballs.core, '..')
    const installs = [...guide.matchAll(/^npm install (?:[^\n\\]|\\\n)*/gm)]
      .map(([command]) => command.replace(/\\\n\s*/g, ' '))
      .filter((command) => command.includes('/path/to/doorway/release'))
    expect(installs).toHaveLength(2)
    for (const command of installs) {
      const line = command.replaceAll('/path/to/doorway/release', release)
      await sh('sh', ['-c', `${line} --no-audit --no-fund --loglevel=error`], app)
    }
    // Steps 2 to 4: the files the guide shows, exactly as printed.
    const files = filesOf(guide)
    expect([...files.keys()].sort()).toEqual(['src/App.tsx', 'src/main.tsx', 'vite.config.ts'])
    for (const [path, body] of files) await writeFile(join(app, path), body)

    // "Run your dev server, in one terminal, one process": nothing else is started.
    const port = await freePort()
    const vite = await startProcess(
      app,
      'npx',
      ['vite', '--port', String(port), '--strictPort'],
      { HOME: process.env.HOME ?? app },
      '[doorway] BFF at',
    )
    stops.push(stopProcess(vite))

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`http://localhost:${port}`)
      await signInButton(page).click()
      await decide(page, 'Approve')
      await expect.poll(() => signedIn(page).count(), { timeout: 20_000 }).toBe(1)
      await expect.poll(() => page.getByText(/Ada Lovelace/).count()).toBe(1)
      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await expect.poll(() => signInButton(page).count()).toBe(1)
    } finally {
      await context.close()
    }
  }, 300_000)

  it('Next.js App Router, default next.config: the route handler of the mounting guide and a callback page, next build, next start, sign in with Rhombus in Chromium', async () => {
    const app = join(work, 'next')
    await cp(nextFixture, app, { recursive: true })
    const versions = await workspaceVersions()
    await writeApp(app, {
      name: 'packed-next',
      dependencies: {
        next: nextVersion,
        react: versions.react,
        'react-dom': versions['react-dom'],
        '@tanstack/react-query': versions['@tanstack/react-query'],
      },
      // What create-next-app installs for a TypeScript app (Next type-checks with it).
      devDependencies: {
        typescript: '5.9.3',
        '@types/react': versions['@types/react'],
        '@types/node': versions['@types/node'],
      },
    })
    // The route handler is the guide's code block, exactly.
    const guide = await readFile(join(repoRoot, 'docs/guides/mounting-the-bff.md'), 'utf8')
    const route = filesOf(guide).get('app/bff/[...path]/route.ts')
    expect(route).toBeDefined()
    expect(await readFile(join(app, 'app/bff/[...path]/route.ts'), 'utf8')).toBe(route)

    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app)
    // Vitest's NODE_ENV=test would make Next.js build a non-production app.
    const nextEnv = { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }
    await sh('npx', ['next', 'build'], app, nextEnv)

    const { port, origin, sandbox, env } = await sandboxFor(app, 'packed-next')
    const next = await startProcess(
      app,
      'npx',
      ['next', 'start', '--port', String(port), '--hostname', 'localhost'],
      { ...nextEnv, HOME: process.env.HOME ?? app, ...env },
      'Ready',
    )
    stops.push(stopProcess(next))

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await signInWithRhombus(page, origin, sandbox)
      await expect.poll(() => new URL(page.url()).pathname).toBe('/')
      // The session is the BFF's, through the route handler, after a reload too.
      await page.reload()
      await expect.poll(() => signedIn(page).count()).toBe(1)
    } finally {
      await context.close()
    }
  }, 420_000)

  it('React Router 7 framework mode (server rendering): the BFF as a resource route, react-router build, react-router-serve, sign in with Rhombus in Chromium', async () => {
    const app = join(work, 'react-router')
    await cp(reactRouterFixture, app, { recursive: true })
    const versions = await workspaceVersions()
    await writeApp(app, {
      name: 'packed-react-router',
      type: 'module',
      dependencies: {
        'react-router': reactRouterVersion,
        '@react-router/node': reactRouterVersion,
        '@react-router/serve': reactRouterVersion,
        isbot: '5.2.3',
        react: versions.react,
        'react-dom': versions['react-dom'],
        '@tanstack/react-query': versions['@tanstack/react-query'],
      },
      devDependencies: { '@react-router/dev': reactRouterVersion, vite: versions.vite },
    })
    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app)
    await sh('npx', ['react-router', 'build'], app, { NODE_ENV: 'production' })

    const { origin, sandbox, env } = await sandboxFor(app, 'packed-react-router')
    const serve = await startProcess(
      app,
      'npx',
      ['react-router-serve', './build/server/index.js'],
      { NODE_ENV: 'production', HOME: process.env.HOME ?? app, HOST: 'localhost', ...env },
      '[react-router-serve]',
    )
    stops.push(stopProcess(serve))

    // The server renders the page: the provider renders there without a window.
    const html = await (await fetch(origin)).text()
    expect(html).toContain('Loading…')

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      await signInWithRhombus(page, origin, sandbox)
      await expect.poll(() => new URL(page.url()).pathname).toBe('/')
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  }, 420_000)
})
