import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url))
const root = fileURLToPath(new URL('../../..', import.meta.url))

/** Runs the CLI with `args` and `env` until it exits. */
function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: root,
    env: { ...process.env, PORT: '0', DOORWAY_SANDBOX_REDIRECT_URIS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  )
}

describe('doorway-sandbox CLI options', () => {
  it('--help prints the usage and exits 0 without listening', async () => {
    const { code, stdout } = await runCli(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain(
      'Usage: doorway-sandbox [--port N] [--host NAME] [--redirect-uri URI ...]',
    )
    expect(stdout).toContain('DOORWAY_SANDBOX_REDIRECT_URIS')
    expect(stdout).toContain('http://localhost:5173/oauth/callback/rhombus')
    expect(stdout).not.toContain('listening')
  }, 20_000)

  it('--redirect-uri and DOORWAY_SANDBOX_REDIRECT_URIS register more redirect URIs: the summary lists them and the console accepts them', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--redirect-uri', 'http://localhost:3000/oauth/callback/rhombus'],
      {
        cwd: root,
        env: {
          ...process.env,
          PORT: '0',
          DOORWAY_SANDBOX_REDIRECT_URIS: 'http://localhost:4000/cb, http://localhost:4001/cb',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    try {
      await expect.poll(() => stdout, { timeout: 15_000 }).toContain('http://localhost:4001/cb')
      const listed = stdout.slice(stdout.indexOf('Redirect URIs of'))
      for (const uri of [
        'http://localhost:5173/oauth/callback/rhombus',
        'http://localhost:5173/oauth/callback/envoy',
        'http://localhost:3000/oauth/callback/rhombus',
        'http://localhost:4000/cb',
      ]) {
        expect(listed).toContain(`\n  ${uri}`)
      }
      const consoleUrl = /Rhombus console +(\S+)/.exec(stdout)?.[1] ?? ''
      const authorize = (redirectUri: string) =>
        fetch(
          `${consoleUrl}/oauth/authorize?${new URLSearchParams({
            client_id: 'sandbox-client',
            redirect_uri: redirectUri,
            response_type: 'code',
            state: 's',
            code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
            code_challenge_method: 'S256',
          })}`,
        ).then((response) => response.status)
      expect(await authorize('http://localhost:3000/oauth/callback/rhombus')).toBe(200)
      expect(await authorize('http://localhost:4000/cb')).toBe(200)
      expect(await authorize('http://localhost:4002/cb')).toBe(400)
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }, 20_000)

  it.each([
    [['--redirect-uri', 'not a url'], {}, '"not a url" is not a redirect URI'],
    [
      [],
      { DOORWAY_SANDBOX_REDIRECT_URIS: 'http://localhost:3000/cb#frag' },
      'is not a redirect URI',
    ],
    [['--port', 'eighty'], {}, 'the port must be a number from 0 to 65535, not "eighty"'],
    [['--colour'], {}, "Unknown option '--colour'"],
  ])(
    'refuses %j with a usage error (exit 2) naming the problem',
    async (args, env, message) => {
      const { code, stdout, stderr } = await runCli(args, env)
      expect(code).toBe(2)
      expect(stderr).toContain(message)
      expect(stderr).toContain('doorway-sandbox --help')
      expect(stdout).not.toContain('listening')
    },
    20_000,
  )
})

describe('doorway-sandbox CLI', () => {
  it('prints the Rhombus, Envoy and Versori URLs and no secret, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      cwd: root,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))

    await expect.poll(() => output, { timeout: 15_000 }).toContain('Request log')
    const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!
    for (const role of ['console', 'auth-web', 'auth', 'api']) {
      expect(output).toContain(`${base}/rhombus/${role}\n`)
    }
    for (const path of ['envoy/app', 'envoy/api', 'versori/platform']) {
      expect(output).toContain(`${base}/${path}\n`)
    }
    expect(output).toContain(`Versori callback origin           ${base}\n`)
    for (const secret of ['sandbox-secret', 'versori-envoy-secret', 'sandbox-api-key']) {
      expect(output).not.toContain(secret)
    }
    expect((await fetch(`${base}/__sandbox/requests`)).status).toBe(200)

    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 20_000)
})
