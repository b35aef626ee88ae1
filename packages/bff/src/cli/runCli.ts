import { parseArgs } from 'node:util'
import type { BffConfig } from '../config/BffConfig.js'
import { BffConfigError } from '../config/BffConfigError.js'
import { type LoadedBffEnvironment, loadBffEnvironment } from '../config/loadBffConfig.js'
import { readBffSettings } from '../config/readBffSettings.js'
import { settingsHelp } from '../config/settingsDocs.js'
import { type DoorwayBffServer, serveDoorwayBff } from '../node.js'
import {
  createPostgresCredentialStore,
  isPostgresUrl,
  type PostgresDriver,
  redactPostgresUrl,
} from '../store/createPostgresCredentialStore.js'
import { defaultDatabaseFile } from '../store/createSqliteCredentialStore.js'
import { RegisterError } from './register/RegisterError.js'
import {
  parseRegisterArguments,
  type RegisterCommand,
  registerHelp,
  runRegisterCli,
} from './register/runRegisterCli.js'

/** Where {@link runCli} writes. */
export interface CliOutput {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

/** Where {@link runCli} runs: `cwd` resolves `register --dotenv` (default `process.cwd()`). */
export interface CliContext {
  cwd?: string
}

/** How a {@link runCli} run ended: an exit code, or a server that keeps running. */
export type CliResult = { exitCode: number } | { server: DoorwayBffServer }

/** The `--help` text: usage and every environment variable (from `bffSettings`). */
export const cliHelp = `doorway-bff: serve the Doorway backend-for-frontend.

Usage: doorway-bff                Serve the BFF on PORT, under /bff.
       doorway-bff --help         Print this.
       doorway-bff register ...   Register the app with Rhombus; writes the client to .env.
       doorway-bff apps ...       List, show, update or delete Rhombus applications.

Reads .env from the current directory when present (variables already set win), then the
variables below. An empty variable counts as unset.

${settingsHelp()}

Registering with Rhombus (doorway-bff register --help):
${registerHelp}`

/** A `doorway-bff` command line, read: serve, print the help, or a {@link RegisterCommand}. */
export type CliCommand = { command: 'serve' } | RegisterCommand

/**
 * Reads a `doorway-bff` command line without running it: no argument serves, `--help` (`-h`)
 * prints the help, `register …` and `apps …` as {@link parseRegisterArguments} reads them.
 * Throws a `usage` {@link RegisterError} for anything else (an unknown option or command).
 */
export function parseCliArguments(argv: readonly string[]): CliCommand {
  if (argv[0] === 'register' || argv[0] === 'apps') return parseRegisterArguments(argv)
  let parsed: { values: { help?: boolean }; positionals: string[] }
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw cliUsage((error as Error).message.replace(/\.$/, ''))
  }
  const [unknown] = parsed.positionals
  if (unknown !== undefined) {
    throw cliUsage(`unknown command "${unknown}": use register or apps, or no command to serve`)
  }
  return parsed.values.help ? { command: 'help' } : { command: 'serve' }
}

function cliUsage(problem: string): RegisterError {
  return new RegisterError('usage', `${problem}.`, 'Run doorway-bff --help for usage.')
}

/**
 * The `doorway-bff` command: `register` / `apps` (see {@link runRegisterCli}), `--help`, or
 * load the configuration from `env` and serve it on `PORT`, printing where, which provider
 * is configured and its redirect URI (never a secret).
 */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  output: CliOutput,
  context: CliContext = {},
): Promise<CliResult> {
  if (argv[0] === 'register' || argv[0] === 'apps') {
    const exitCode = await runRegisterCli(argv, env, {
      ...output,
      cwd: context.cwd ?? process.cwd(),
    })
    return { exitCode }
  }
  let command: CliCommand
  try {
    command = parseCliArguments(argv)
  } catch (error) {
    if (!(error instanceof RegisterError)) throw error
    output.stderr(`doorway-bff: ${error.message}\n${error.hint}\n`)
    return { exitCode: 1 }
  }
  if (command.command === 'help') {
    output.stdout(cliHelp)
    return { exitCode: 0 }
  }
  let loaded: LoadedBffEnvironment
  try {
    loaded = loadBffEnvironment(env)
  } catch (error) {
    if (!(error instanceof BffConfigError)) throw error
    output.stderr(`${error.message}\n\nRun doorway-bff --help for the variables.\n`)
    return { exitCode: 1 }
  }
  for (const warning of loaded.warnings) output.stderr(`Warning: ${warning}\n`)
  let config: BffConfig
  try {
    config = await withCommandLineStore(loaded.config)
  } catch (error) {
    output.stderr(`${(error as Error).message}\n`)
    return { exitCode: 1 }
  }
  const database = config.databaseFile ?? defaultDatabaseFile
  const server = await serveDoorwayBff(config, { port: loaded.port, hostname: loaded.host })
  const { rhombus, envoy, versori } = config
  // Says where a redirect URI comes from: the BFF's own port is not it.
  const from = (variable: string) =>
    env[variable]?.trim() ? variable : `DOORWAY_APP_ORIGIN ${loaded.appOrigin}`
  output.stdout(`Doorway BFF listening on ${server.url}\n`)
  output.stdout(
    rhombus
      ? `Rhombus: ${rhombus.protocol} dialect, ${rhombus.region} region, client id ${rhombus.clientId}${rhombus.clientSecret ? '' : ' (public client)'}, redirect URI ${rhombus.redirectUri} (from ${from('RHOMBUS_REDIRECT_URI')})\n`
      : 'Rhombus: not configured (set RHOMBUS_CLIENT_ID, and RHOMBUS_CLIENT_SECRET unless it is a public client)\n',
  )
  output.stdout(
    envoy
      ? `Envoy (direct): client id ${envoy.clientId}, redirect URI ${envoy.redirectUri} (from ${from('ENVOY_REDIRECT_URI')})\n`
      : 'Envoy (direct): not configured (set ENVOY_CLIENT_ID and ENVOY_CLIENT_SECRET)\n',
  )
  output.stdout(
    rhombus?.apiKey
      ? 'Envoy through Rhombus: API key set\n'
      : 'Envoy through Rhombus: not configured (set RHOMBUS_API_KEY)\n',
  )
  output.stdout(
    versori
      ? `Envoy through Versori: ${versori.api ?? 'embedded'} API, hub ${versori.hubId}, connector ${versori.connectorId}\n`
      : 'Envoy through Versori: not configured (set the VERSORI_* variables)\n',
  )
  const hosts = calledHosts(config)
  output.stdout(
    hosts.length === 0
      ? 'Hosts it calls: none (no provider configured)\n'
      : `Hosts it calls:\n${hosts.map(([what, url]) => `  ${what.padEnd(26)} ${url}\n`).join('')}`,
  )
  output.stdout(
    `Credentials: ${isPostgresUrl(database) ? `PostgreSQL ${redactPostgresUrl(database)}` : `SQLite ${database}`}, key from ${config.encryptionKey ? 'DOORWAY_ENCRYPTION_KEY' : 'SESSION_SECRET'}\n`,
  )
  return { server }
}

/**
 * `config` with the store `doorway-bff` uses: for a `postgres://` `DOORWAY_DB` (and no
 * store given), the PostgreSQL store with node-postgres, which the command line is the one
 * place to load by itself (an app passes it to `@doorway/bff/postgres`); otherwise `config`
 * as it is (the default SQLite store). Throws, saying what to install, without `pg`.
 */
export async function withCommandLineStore(config: BffConfig): Promise<BffConfig> {
  const database = config.databaseFile ?? defaultDatabaseFile
  if (config.store !== undefined || !isPostgresUrl(database)) return config
  let pg: PostgresDriver
  try {
    pg = (await import('pg')).default
  } catch {
    throw new Error(
      'DOORWAY_DB is a PostgreSQL URL, which needs node-postgres: npm install pg (next to @doorway/bff).',
    )
  }
  const secret = config.encryptionKey ?? config.sessionSecret
  return { ...config, store: createPostgresCredentialStore(database, { pg, secret }) }
}

/** Every provider host the BFF will call, with what for, defaults applied (never a secret). */
function calledHosts(config: BffConfig): [string, string][] {
  const settings = readBffSettings({ config })
  const hosts: [string, string | undefined][] = []
  if (config.rhombus) {
    hosts.push(
      ['Rhombus console (browser)', settings.get('rhombus.consoleUrl')],
      ['Rhombus token endpoint', settings.get('rhombus.authUrl')],
      ['Rhombus API', settings.get('rhombus.apiUrl')],
    )
  }
  if (config.envoy) {
    hosts.push(
      ['Envoy authorize and token', settings.get('envoy.authUrl')],
      ['Envoy API', settings.get('envoy.apiUrl')],
    )
  }
  if (config.versori) hosts.push(['Versori platform', settings.get('versori.baseUrl')])
  return hosts.filter((host): host is [string, string] => typeof host[1] === 'string')
}
