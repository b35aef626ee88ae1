import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseEnv, promisify } from 'node:util'
import { type Sandbox, startSandbox } from '@doorway/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import { parseCliArguments } from './cli/runCli.js'
import { settingEntries } from './config/bffSettings.js'
import { readBffSettings } from './config/readBffSettings.js'
import { secretCommand } from './config/settingTypes.js'
import { defaultDatabaseFile } from './store/createSqliteCredentialStore.js'

/*
 * Every shell command in the README, docs/**.md and the packages' READMEs (```sh blocks,
 * continuation lines joined, comments dropped) is checked here, or run by a test named below:
 * - `doorway-bff …`: read by the CLI's own parser (parseCliArguments); `doorway-sandbox …`:
 *   run with `--help` added, which its strict parser reads first;
 * - `NAME=value` prefixes and `.env` lines: a setting of the table, its value valid (or a
 *   variable the sandbox CLI or a test reads, for those commands);
 * - `pnpm <script>`, `npm run <script>`: a script of the root package.json; `pnpm vitest run`:
 *   its test files exist, and a `-t` filter selects tests that pass (run with one fuzz run);
 * - `npm install …`: Doorway packages, the release tarballs, or their dependencies;
 * - anything else: run here when safe (`executedHere`), or by a named test (`runByTests`).
 * A command none of these knows fails with its file and line.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const run = promisify(execFile)

/** A command line of a guide, where it is. */
interface DocCommand {
  file: string
  line: number
  text: string
}

function markdownUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return markdownUnder(path)
    return entry.name.endsWith('.md') ? [path] : []
  })
}

const docFiles = [
  'README.md',
  ...markdownUnder('docs'),
  ...readdirSync(join(root, 'packages')).flatMap((name) =>
    existsSync(join(root, 'packages', name, 'README.md')) ? [`packages/${name}/README.md`] : [],
  ),
]

/** A line's text without its `# comment` (a `#` that starts a word, outside quotes). */
function withoutComment(line: string): string {
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quote) {
      if (char === quote) quote = undefined
    } else if (char === "'" || char === '"') {
      quote = char
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return line.slice(0, i).trimEnd()
    }
  }
  return line.trimEnd()
}

/** The commands of the shell blocks of `file`, continuation lines joined. */
function shellCommands(file: string): DocCommand[] {
  const commands: DocCommand[] = []
  let inShell = false
  let inBlock = false
  let pending: DocCommand | undefined
  read(file)
    .split('\n')
    .forEach((raw, index) => {
      const fence = /^\s*```(\w*)/.exec(raw)
      if (fence) {
        inShell = !inBlock && ['sh', 'bash', 'shell'].includes(fence[1] ?? '')
        inBlock = !inBlock
        return
      }
      if (!inShell) return
      const text = withoutComment(raw).trim()
      if (pending === undefined && text === '') return
      const continues = text.endsWith('\\')
      const part = continues ? text.slice(0, -1).trimEnd() : text
      pending = pending
        ? { ...pending, text: `${pending.text} ${part}` }
        : { file, line: index + 1, text: part }
      if (!continues) {
        commands.push(pending)
        pending = undefined
      }
    })
  return commands
}

type Token = string | { op: string }

/**
 * The words of a simple shell line: quotes removed, `$NAME` kept as text, `<placeholder>` a
 * word; `&&`, `|`, `;`, `>`, `>>` as operators. Throws on what this reading does not follow
 * (command substitution): such a command must be one of the tables.
 */
function shellWords(text: string): Token[] {
  const tokens: Token[] = []
  let word: string | undefined
  const end = () => {
    if (word !== undefined) tokens.push(word)
    word = undefined
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? ''
    if (char === "'" || char === '"') {
      const close = text.indexOf(char, i + 1)
      const inner = text.slice(i + 1, close)
      if (close < 0) throw new Error('an unclosed quote')
      if (char === '"' && /\$\(|`/.test(inner)) throw new Error('command substitution')
      word = (word ?? '') + inner
      i = close
    } else if (/\s/.test(char)) {
      end()
    } else if (char === '<' && /^<[A-Za-z-]+>/.test(text.slice(i))) {
      const placeholder = /^<[A-Za-z-]+>/.exec(text.slice(i))?.[0] ?? ''
      word = (word ?? '') + placeholder
      i += placeholder.length - 1
    } else if ('|&;<>'.includes(char)) {
      end()
      const op = /^[|&;<>]+/.exec(text.slice(i))?.[0] ?? char
      tokens.push({ op })
      i += op.length - 1
    } else if (char === '`' || (char === '$' && text[i + 1] === '(')) {
      throw new Error('command substitution')
    } else {
      word = (word ?? '') + char
    }
  }
  end()
  return tokens
}

const rootManifest = JSON.parse(read('package.json'))
const manifests = readdirSync(join(root, 'packages')).map((name) => ({
  dir: name,
  manifest: JSON.parse(read(`packages/${name}/package.json`)),
}))
const doorwayPackages = new Set(
  manifests.filter(({ manifest }) => !manifest.private).map(({ manifest }) => manifest.name),
)
/** What the packages depend on (a name a guide may tell an app to install beside them). */
const dependencies = new Set(
  manifests.flatMap(({ manifest }) => [
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
  ]),
)
/** The tarballs `pnpm release:pack` writes: `doorway-<package>-<version>.tgz` of its list. */
const releaseTarballs = new Set(
  JSON.parse(
    (/const packages = (\[[^\]]*\])/.exec(read('scripts/pack-release.mjs'))?.[1] ?? '[]').replace(
      /'/g,
      '"',
    ),
  ).map((name: string) => {
    const { version } = JSON.parse(read(`packages/${name}/package.json`))
    return `doorway-${name}-${version}.tgz`
  }),
)
const bffVariables = new Set(settingEntries.flatMap((entry) => entry.setting.env ?? []))
/** The variables a source reads as `process.env.NAME`. */
const variablesReadBy = (source: string) =>
  new Set(
    [...source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].flatMap((match) => match[1] ?? []),
  )
const sandboxVariables = variablesReadBy(read('packages/sandbox/src/cli.ts'))

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(path)
    return /\.tsx?$/.test(entry.name) ? [path] : []
  })
}
/** Variables the tests and their kits read (`DOORWAY_FUZZ_SEED`…), for `pnpm vitest` lines. */
const testVariables = variablesReadBy(
  ['packages/core/src', 'packages/bff/src'].flatMap(sourcesUnder).map(read).join('\n'),
)

/** `NAME=value` words as an environment. */
function environmentOf(assignments: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    assignments.map((assignment) => {
      const at = assignment.indexOf('=')
      return [assignment.slice(0, at), assignment.slice(at + 1)]
    }),
  )
}

/** Fails unless every `NAME=value` is a BFF setting whose value the table accepts. */
function checkSettings(assignments: readonly string[]) {
  const environment = environmentOf(assignments)
  for (const name of Object.keys(environment)) {
    expect(bffVariables, `${name} is not a BFF variable`).toContain(name)
  }
  const { issues } = readBffSettings({ environment })
  expect(issues.filter((issue) => issue.key in environment)).toEqual([])
}

/** Fails unless every `NAME=value` names one of `known`. */
function checkKnown(assignments: readonly string[], known: ReadonlySet<string>, what: string) {
  for (const assignment of assignments) {
    const name = assignment.slice(0, assignment.indexOf('='))
    expect(known, `${name} is not a variable ${what} reads`).toContain(name)
  }
}

/** An `npm install` argument a guide may give. */
function checkInstallable(argument: string) {
  if (argument.endsWith('.tgz')) {
    expect(argument, 'a tarball of pnpm release:pack (in its release/ folder)').toMatch(
      /(^|\/)release\/[^/]+$/,
    )
    expect(releaseTarballs, 'the name pnpm release:pack writes').toContain(basename(argument))
    return
  }
  const name = argument.replace(/(.)@[^@/]*$/, '$1')
  if (doorwayPackages.has(name)) return
  expect(
    dependencies,
    `${name}: neither a Doorway package nor one of their dependencies`,
  ).toContain(name)
}

/** The sandbox CLI (its sources) with `args`, `--help` added: its strict parser reads them first. */
async function checkSandboxArguments(args: readonly string[], assignments: readonly string[]) {
  checkKnown(assignments, sandboxVariables, 'doorway-sandbox')
  const env = environmentOf(assignments)
  await run(
    process.execPath,
    ['--import', 'tsx', 'packages/sandbox/src/cli.ts', ...args, '--help'],
    {
      cwd: root,
      env: { ...process.env, ...env },
    },
  )
}

/** `pnpm vitest run <paths> [-t <name>]`: the paths are unit tests; a filter runs one fuzz run. */
async function checkVitest(args: readonly string[], assignments: readonly string[]) {
  checkKnown(assignments, testVariables, 'a test')
  expect(args[0]).toBe('run')
  const filter = args.indexOf('-t')
  const paths = args.slice(1, filter < 0 ? undefined : filter)
  expect(paths.length).toBeGreaterThan(0)
  for (const path of paths) {
    expect(existsSync(join(root, path)), `${path} exists`).toBe(true)
    const files = statSync(join(root, path)).isDirectory()
      ? sourcesUnder(path).filter((file) => file.endsWith('.test.ts'))
      : [path]
    expect(files.length, `${path} holds tests`).toBeGreaterThan(0)
    // In a unit project (vitest.config.ts), so `pnpm unit` and `pnpm test` run them.
    for (const file of files) expect(file).toMatch(/^packages\/(core|bff)\/src\/.+\.test\.ts$/)
  }
  if (filter < 0) return
  expect(args.length, 'one -t <name>, last').toBe(filter + 2)
  const report = join(await mkdtemp(join(tmpdir(), 'doorway-docs-vitest-')), 'report.json')
  const env = environmentOf(assignments)
  await run(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', ...args, '--reporter=json', `--outputFile=${report}`],
    { cwd: root, env: { ...process.env, ...env, DOORWAY_FUZZ_RUNS: '1' } },
  )
  const result = JSON.parse(await readFile(report, 'utf8'))
  await rm(join(report, '..'), { recursive: true, force: true })
  expect(result.numFailedTests).toBe(0)
  expect(result.numPassedTests, `-t ${args[filter + 1]} selects tests`).toBeGreaterThan(0)
}

/** Runs `command` with `sh` in a new directory holding `files`; returns the directory's files after. */
async function inScratch(command: string, files: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'doorway-docs-'))
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
    const { stdout } = await run('sh', ['-c', command], { cwd: dir })
    const after = Object.fromEntries(
      await Promise.all(
        readdirSync(dir).map(async (name) => [name, await readFile(join(dir, name), 'utf8')]),
      ),
    ) as Record<string, string>
    return { stdout, files: after }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** A secret `SESSION_SECRET` accepts: 32 random bytes are 43 base64url characters. */
function expectGoodSecret(secret: string | undefined) {
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43,}$/)
  expect(readBffSettings({ environment: { SESSION_SECRET: secret } }).issues).toEqual([])
}

let sandbox: Sandbox | undefined
afterAll(async () => {
  await sandbox?.close()
})

/** Commands the check runs itself (they are safe), with what their result must be. */
const executedHere: Record<string, (command: string) => Promise<void>> = {
  // The one the messages give (settingTypes' secretCommand), word for word.
  [secretCommand]: async (command) => {
    expectGoodSecret((await inScratch(command)).stdout.trim())
  },
  [`echo "SESSION_SECRET=$(${secretCommand})" >> .env`]: async (command) => {
    const { files } = await inScratch(command, { '.env': 'KEEP=1\n' })
    const env = parseEnv(files['.env'] ?? '')
    expect(env.KEEP).toBe('1')
    expectGoodSecret(env.SESSION_SECRET)
  },
  // It must ignore the default SQLite file and the journal files beside it.
  "printf '.env\\ndoorway.db*\\n' >> .gitignore": async (command) => {
    const { files } = await inScratch(command, { '.gitignore': 'node_modules\n' })
    const patterns = (files['.gitignore'] ?? '').split('\n').filter(Boolean)
    expect(patterns).toEqual(['node_modules', '.env', 'doorway.db*'])
    const database = basename(defaultDatabaseFile)
    for (const file of [database, `${database}-wal`, `${database}-shm`]) {
      expect(
        patterns.some((pattern) => globMatches(pattern, file)),
        file,
      ).toBe(true)
    }
  },
}

/** The sandbox README's fault-rule calls, each against a sandbox of this test, in its order. */
const sandboxCalls = /^curl (-X (POST|DELETE) )?"\$SANDBOX\/__sandbox\/faults[^"]*"/

async function runSandboxCall(command: string) {
  sandbox ??= await startSandbox()
  const { stdout } = await run('sh', ['-c', `${command} -s -w '\\n%{http_code}'`], {
    env: { ...process.env, SANDBOX: sandbox.url },
  })
  const status = Number(stdout.slice(stdout.lastIndexOf('\n') + 1))
  expect(status, stdout).toBeGreaterThanOrEqual(200)
  expect(status, stdout).toBeLessThan(300)
  // The README deletes the rule it added by the id it says the POST answers.
  if (command.includes('-X POST'))
    expect(JSON.parse(stdout.slice(0, stdout.lastIndexOf('\n'))).id).toBe('fault-1')
}

/** Commands a test runs, and a text of that test that shows it does. */
const runByTests: Record<string, { test: string; runs: string }> = {
  'npx vite': {
    test: 'test/packaging/packedApps.test.ts',
    runs: "['vite', '--port', String(port), '--strictPort']",
  },
}

function globMatches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${source}$`).test(name)
}

/** Checks one simple command (no `&&`): its program, arguments and variables. */
async function checkSimple(tokens: Token[]) {
  const words = tokens.map((token) => {
    if (typeof token !== 'string')
      throw new Error(`\`${token.op}\` is not a command this check knows`)
    return token
  })
  const split = words.findIndex((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word))
  const assignments = split < 0 ? words : words.slice(0, split)
  const [program, ...args] = split < 0 ? [] : words.slice(split)
  const npx = program === 'npx' ? args.shift() : undefined
  if (program === undefined) return checkSettings(assignments)
  if (program === 'doorway-bff' || npx === 'doorway-bff') {
    checkSettings(assignments)
    expect(() => parseCliArguments(args)).not.toThrow()
    return
  }
  if (npx === 'doorway-sandbox') return checkSandboxArguments(args, assignments)
  if (program === 'pnpm' && args[0] === 'vitest') return checkVitest(args.slice(1), assignments)
  expect(assignments, 'variables only for doorway-bff, doorway-sandbox and tests').toEqual([])
  if (program === 'pnpm' || (program === 'npm' && args[0] === 'run')) {
    const [script, ...rest] = program === 'npm' ? args.slice(1) : args
    expect(rest).toEqual([])
    if (program === 'pnpm' && script === 'install') return
    expect(Object.keys(rootManifest.scripts), `a script of the root package.json`).toContain(script)
    return
  }
  if (program === 'npm' && (args[0] === 'install' || args[0] === 'i')) {
    if (args[1] === '-g') {
      // The pnpm the repository pins.
      expect(args.slice(2)).toEqual([rootManifest.packageManager])
      return
    }
    const names = args.slice(1).filter((arg) => !['--save-dev', '-D'].includes(arg))
    expect(names.length).toBeGreaterThan(0)
    for (const name of names) checkInstallable(name)
    return
  }
  throw new Error(`\`${words.join(' ')}\` is not a command this check knows`)
}

async function checkCommand({ text }: DocCommand) {
  const here = executedHere[text]
  if (here) return here(text)
  const test = runByTests[text]
  if (test) {
    expect(read(test.test), `${test.test} runs it`).toContain(test.runs)
    return
  }
  if (sandboxCalls.test(text)) return runSandboxCall(text)
  let tokens: Token[]
  try {
    tokens = shellWords(text)
  } catch (error) {
    throw new Error(`not a command this check can read (${(error as Error).message})`)
  }
  const commands: Token[][] = [[]]
  for (const token of tokens) {
    if (typeof token !== 'string' && token.op === '&&') commands.push([])
    else commands.at(-1)?.push(token)
  }
  for (const command of commands) await checkSimple(command)
}

const commands = docFiles.flatMap(shellCommands)

describe('every command of the README and the guides', () => {
  it('finds them (a failure here means the reading, not the docs, is out of date)', () => {
    expect(commands.length).toBeGreaterThan(40)
    const texts = commands.map((command) => command.text)
    expect(texts).toContain('npx vite')
    expect(texts).toContain(
      'npx doorway-bff register --api-key "$RHOMBUS_API_KEY" --contact-email you@example.com --redirect-uri http://localhost:5173/oauth/callback/rhombus',
    )
    expect(texts).toContain('DOORWAY_SESSION_MAX_AGE_SECONDS=43200')
  })

  it('uses every entry of its tables', () => {
    const texts = new Set(commands.map((command) => command.text))
    for (const text of [...Object.keys(executedHere), ...Object.keys(runByTests)]) {
      expect(texts, text).toContain(text)
    }
  })

  it.each(
    commands.map(
      (command) => [`${command.file}:${command.line}: ${command.text}`, command] as const,
    ),
  )(
    '%s',
    async (_, command) => {
      await checkCommand(command)
    },
    30_000,
  )
})

describe('the reading itself', () => {
  it('splits words, keeps placeholders and variables, finds operators', () => {
    expect(
      shellWords(`A=1 npx doorway-bff apps show <clientId> --name "x y" '$Z' && pnpm demo`),
    ).toEqual([
      'A=1',
      'npx',
      'doorway-bff',
      'apps',
      'show',
      '<clientId>',
      '--name',
      'x y',
      '$Z',
      { op: '&&' },
      'pnpm',
      'demo',
    ])
    expect(() => shellWords('echo "$(date)"')).toThrow('command substitution')
  })

  it('refuses what it does not know: an unknown option, script, package or program', async () => {
    for (const text of [
      'npx doorway-bff --port 3000',
      'npx doorway-sandbox --frobnicate',
      'npx doorway-bff apps list | show <clientId>',
      'PORTT=1 npx doorway-bff',
      'pnpm no-such-script',
      'npm install left-pad',
      'npm install release/doorway-core-9.9.9.tgz',
      'RHOMBUS_REGION=mars',
      'rm -rf /tmp/x',
    ]) {
      await expect(checkCommand({ file: 'x.md', line: 1, text }), text).rejects.toThrow()
    }
  })
})
