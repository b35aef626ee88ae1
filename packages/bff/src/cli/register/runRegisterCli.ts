import { isAbsolute, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { UpstreamFetch } from '../../config/BffConfig.js'
import { readBffSettings } from '../../config/readBffSettings.js'
import { type CallUpstream, callUpstream } from '../../http/callUpstream.js'
import type { Logger } from '../../logging/Logger.js'
import { writeEnvFile } from './envFile.js'
import { RegisterError } from './RegisterError.js'
import { checkRedirectUri } from './redirectUri.js'
import { registerHosts } from './registerHosts.js'
import {
  type ApplicationFields,
  type RegisteredClient,
  type RhombusApplicationInfo,
  registerDynamicClient,
  rhombusApplications,
} from './rhombusApplications.js'

/** Where the registration commands write, and what they run against. */
export interface RegisterCliContext {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Directory `--dotenv` is resolved against. */
  cwd: string
  /** Default the global `fetch`. */
  fetch?: UpstreamFetch
  /** Per request, default 10 s. */
  timeoutMs?: number
}

/** The usage of `register` and `apps`. */
export const registerHelp = `Usage:
  doorway-bff register [--api-key <key> | --dynamic [--public]] [--name <name>] [--description <text>]
                       [--contact-email <email>] [--redirect-uri <uri>]
                       [--dotenv <path>] [--show-secret]
      Registers an app with Rhombus and writes RHOMBUS_CLIENT_ID and RHOMBUS_CLIENT_SECRET
      (and RHOMBUS_REDIRECT_URI when --redirect-uri is given) to --dotenv (default ./.env),
      keeping its other lines; a new file gets mode 0600. The secret is printed only with
      --show-secret. With an API key (--api-key or RHOMBUS_API_KEY): submitApplication on
      the API host, --contact-email required. With --dynamic: RFC 7591 registration at the
      oauth2 token host (auth-web), no key needed.
      Defaults: --name Doorway, --description "Doorway sign-in with Rhombus",
      --redirect-uri $RHOMBUS_REDIRECT_URI or $DOORWAY_APP_ORIGIN/oauth/callback/rhombus
      (DOORWAY_APP_ORIGIN default http://localhost:5173).
  doorway-bff apps list                      Applications of the API key's organisation.
  doorway-bff apps show <clientId>           One application (the secret is never retrievable).
  doorway-bff apps update <clientId> [--name <name>] [--description <text>]
                       [--contact-email <email>] [--redirect-uri <uri>]
  doorway-bff apps delete <clientId>
      The apps commands take the API key from --api-key or RHOMBUS_API_KEY.
  Hosts: RHOMBUS_REGION (us, eu), RHOMBUS_API_URL and RHOMBUS_AUTH_URL override them.
  Errors exit 1 with a line saying what to do; the API key and secret are never logged.
`

const options = {
  'api-key': { type: 'string' },
  dynamic: { type: 'boolean' },
  public: { type: 'boolean' },
  name: { type: 'string' },
  description: { type: 'string' },
  'contact-email': { type: 'string' },
  'redirect-uri': { type: 'string' },
  dotenv: { type: 'string' },
  'show-secret': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type Values = ReturnType<typeof parse>['values']

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} }

function parse(args: readonly string[]) {
  return parseArgs({ args: [...args], options, allowPositionals: true, strict: true })
}

const appsCommands = ['list', 'show', 'update', 'delete'] as const
type AppsCommand = (typeof appsCommands)[number]

/** A `register` or `apps` command line, its arguments checked; see {@link parseRegisterArguments}. */
export type RegisterCommand =
  | { command: 'help' }
  | { command: 'register'; values: Values }
  | {
      command: 'apps'
      sub: AppsCommand
      /** Every one but `list` names a client. */
      clientId: string | undefined
      /** What `update` changes. */
      fields: Partial<ApplicationFields>
      values: Values
    }

/**
 * Reads `doorway-bff register …` or `doorway-bff apps …` (`argv` starts with `register` or
 * `apps`) without running it: its options, subcommand and arguments, and which options go
 * together. Throws a `usage` {@link RegisterError} saying what is wrong.
 */
export function parseRegisterArguments(argv: readonly string[]): RegisterCommand {
  const [command, ...rest] = argv
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(rest)
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (values.help) return { command: 'help' }
  if (command === 'register') {
    if (positionals.length > 0) throw usage(`unexpected argument "${positionals[0]}"`)
    if (values.dynamic && values['api-key'] !== undefined) {
      throw usage('--dynamic and --api-key exclude each other')
    }
    if (values.public && !values.dynamic) {
      throw usage('--public needs --dynamic (a public client registers itself, RFC 7591)')
    }
    if (values['redirect-uri'] !== undefined) checkRedirectUri(values['redirect-uri'])
    if (values.name?.trim() === '') throw usage('--name must not be empty')
    if (values.dotenv?.trim() === '') throw usage('--dotenv must not be empty')
    return { command: 'register', values }
  }
  if (command !== 'apps') throw usage(`unknown command "${command}": use register or apps`)
  const [sub, clientId, ...extra] = positionals
  if (sub === undefined) throw usage('missing command: list, show, update or delete')
  if (!(appsCommands as readonly string[]).includes(sub)) {
    throw usage(`unknown command "${sub}": use list, show, update or delete`)
  }
  if (values.dynamic || values.public || values['show-secret'] || values.dotenv !== undefined) {
    throw usage('--dynamic, --show-secret and --dotenv only apply to doorway-bff register')
  }
  if (sub === 'list' ? clientId !== undefined : clientId === undefined) {
    throw usage(sub === 'list' ? 'list takes no argument' : `${sub} needs a <clientId>`)
  }
  if (extra.length > 0) throw usage(`unexpected argument "${extra[0]}"`)
  const fields: Partial<ApplicationFields> = {}
  if (values.name !== undefined) fields.name = values.name
  if (values.description !== undefined) fields.description = values.description
  if (values['contact-email'] !== undefined) fields.contactEmail = values['contact-email']
  if (values['redirect-uri'] !== undefined) {
    fields.redirectUri = checkRedirectUri(values['redirect-uri'])
  }
  if (sub !== 'update' && Object.keys(fields).length > 0) {
    throw usage(`--name, --description, --contact-email and --redirect-uri only apply to update`)
  }
  if (sub === 'update' && Object.keys(fields).length === 0) {
    throw usage(
      'update needs at least one of --name, --description, --contact-email, --redirect-uri',
    )
  }
  return { command: 'apps', sub: sub as AppsCommand, clientId, fields, values }
}

/**
 * `doorway-bff register …` and `doorway-bff apps <list|show|update|delete> …` (`argv`
 * starts with `register` or `apps`). Returns the exit code: 0, or 1 after one line saying
 * what went wrong and one saying what to do.
 */
export async function runRegisterCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  context: RegisterCliContext,
): Promise<number> {
  const [command, ...rest] = argv
  const label =
    command === 'apps' ? `doorway-bff apps${rest[0] ? ` ${rest[0]}` : ''}` : 'doorway-bff register'
  try {
    const parsed = parseRegisterArguments(argv)
    if (parsed.command === 'help') {
      context.stdout(registerHelp)
      return 0
    }
    const upstream = callUpstream({
      fetch: context.fetch ?? ((url, init) => fetch(url, init)),
      timeoutMs: context.timeoutMs ?? 10_000,
      maxBytes: 1024 * 1024,
      logger: silent,
    })
    if (parsed.command === 'register') await register(parsed.values, env, context, upstream)
    else await apps(parsed, env, context, upstream)
    return 0
  } catch (error) {
    if (!(error instanceof RegisterError)) throw error
    context.stderr(`${label}: ${error.message}\n${error.hint}\n`)
    return 1
  }
}

/**
 * The redirect URI `register` sends without `--redirect-uri`: `RHOMBUS_REDIRECT_URI`, else
 * its default as the BFF reads it, on `DOORWAY_APP_ORIGIN`.
 */
export function defaultRegisterRedirectUri(env: Readonly<Record<string, string | undefined>>) {
  const settings = readBffSettings({ environment: env })
  const uri = settings.variableText('rhombus.redirectUri')
  if (uri !== undefined) return uri
  const issue = settings.issues.find((issue) => issue.key === 'DOORWAY_APP_ORIGIN')
  throw new RegisterError(
    'usage',
    `${issue?.key ?? 'DOORWAY_APP_ORIGIN'} ${issue?.message ?? 'is invalid'}.`,
    'Fix DOORWAY_APP_ORIGIN (e.g. http://localhost:5173), or pass --redirect-uri <uri>.',
  )
}

async function register(
  values: Values,
  env: Readonly<Record<string, string | undefined>>,
  context: RegisterCliContext,
  upstream: CallUpstream,
): Promise<void> {
  const apiKey = values['api-key'] ?? nonEmpty(env.RHOMBUS_API_KEY)
  const redirectUri = checkRedirectUri(values['redirect-uri'] ?? defaultRegisterRedirectUri(env))
  const name = values.name ?? 'Doorway'
  const hosts = registerHosts(env)
  const envFile = resolveEnvFile(values.dotenv, context.cwd)

  let client: RegisteredClient
  let how: string
  if (values.dynamic) {
    client = await registerDynamicClient(upstream, hosts.authWebUrl, {
      name,
      redirectUri,
      public: values.public === true,
    })
    how = `dynamic registration at ${hosts.authWebUrl}${client.clientSecret === undefined ? ', public client' : ''}`
  } else {
    if (apiKey === undefined) {
      throw new RegisterError(
        'missing_api_key',
        'No Rhombus API key.',
        'Pass --api-key <key> or set RHOMBUS_API_KEY, or register without a key using --dynamic.',
      )
    }
    const contactEmail = values['contact-email']
    if (contactEmail === undefined || contactEmail.trim() === '') {
      throw usage('--contact-email is required when registering with an API key')
    }
    const fields: ApplicationFields = {
      name,
      description: values.description ?? 'Doorway sign-in with Rhombus',
      contactEmail,
      redirectUri,
    }
    client = await rhombusApplications(upstream, hosts.apiUrl, apiKey).submit(fields)
    how = `API key at ${hosts.apiUrl}`
  }
  context.stdout(
    `Registered "${name}" with Rhombus (${how}): client id ${client.clientId}, redirect URI ${redirectUri}\n`,
  )

  if (values['show-secret'] && client.clientSecret !== undefined) {
    context.stdout(`Client secret: ${client.clientSecret}\n`)
  }

  // A public client has no secret: an older one left in the file would make it confidential.
  const written: Record<string, string | null> = {
    RHOMBUS_CLIENT_ID: client.clientId,
    RHOMBUS_CLIENT_SECRET: client.clientSecret ?? null,
  }
  if (values['redirect-uri'] !== undefined) written.RHOMBUS_REDIRECT_URI = redirectUri
  try {
    const { created } = await writeEnvFile(envFile, written)
    context.stdout(
      `${created ? 'Created' : 'Updated'} ${envFile}: ${Object.entries(written)
        .map(([key, value]) => (value === null ? `${key} (removed)` : key))
        .join(', ')}\n`,
    )
  } catch (error) {
    if (!(error instanceof RegisterError)) throw error
    const again = values.dynamic
      ? 'register again'
      : `run doorway-bff apps delete ${client.clientId} and register again`
    throw new RegisterError(
      error.code,
      `${error.message} The client secret was not saved and cannot be retrieved.`,
      `Fix --dotenv, then ${again}.`,
      { cause: error },
    )
  }
  if (client.clientSecret === undefined) {
    context.stdout('A public client: no secret (the BFF sends client_id alone).\n')
  } else if (!values['show-secret']) {
    context.stdout(
      'Client secret saved, not shown (--show-secret prints it); Rhombus will not show it again.\n',
    )
  }
}

async function apps(
  { sub, clientId, fields, values }: RegisterCommand & { command: 'apps' },
  env: Readonly<Record<string, string | undefined>>,
  context: RegisterCliContext,
  upstream: CallUpstream,
): Promise<void> {
  const apiKey = values['api-key'] ?? nonEmpty(env.RHOMBUS_API_KEY)
  if (apiKey === undefined) {
    throw new RegisterError(
      'missing_api_key',
      'No Rhombus API key.',
      'Pass --api-key <key> or set RHOMBUS_API_KEY.',
    )
  }
  const client = rhombusApplications(upstream, registerHosts(env).apiUrl, apiKey)
  const id = clientId as string
  if (sub === 'list') {
    const list = await client.list()
    context.stdout(
      list.length === 0
        ? 'No applications in this organisation.\n'
        : list
            .map((app) => `${app.clientId}  ${app.name ?? ''}  ${app.redirectUri ?? ''}\n`)
            .join(''),
    )
  } else if (sub === 'show') {
    context.stdout(describe(await client.show(id)))
  } else if (sub === 'update') {
    const updated = await client.update(id, fields)
    context.stdout(`Updated ${id}.\n${describe(updated)}`)
    if (fields.redirectUri !== undefined) {
      context.stdout('Set RHOMBUS_REDIRECT_URI to the new redirect URI where the BFF runs.\n')
    }
  } else {
    await client.remove(id)
    context.stdout(`Deleted application ${id}; its client id and secret no longer work.\n`)
  }
}

function describe(app: RhombusApplicationInfo): string {
  return [
    ['Client id', app.clientId],
    ['Name', app.name],
    ['Description', app.description],
    ['Contact email', app.contactEmail],
    ['Redirect URI', app.redirectUri],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([label, value]) => `${`${label}:`.padEnd(15)}${value}\n`)
    .join('')
}

function resolveEnvFile(path: string | undefined, cwd: string): string {
  const file = path ?? '.env'
  return isAbsolute(file) ? file : resolve(cwd, file)
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim()
  return trimmed === '' ? undefined : trimmed
}

function usage(problem: string): RegisterError {
  return new RegisterError('usage', `${problem}.`, 'Run doorway-bff register --help for usage.')
}
