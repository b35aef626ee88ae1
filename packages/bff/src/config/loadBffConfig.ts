import type { RhombusProtocol, RhombusRegion } from '@doorway/core'
import { isPostgresUrl } from '../store/createPostgresCredentialStore.js'
import type { BffConfig, VersoriBffConfig } from './BffConfig.js'
import { BffConfigError, type BffConfigIssue } from './BffConfigError.js'
import { parseHttpUrl } from './parseHttpUrl.js'

/** The environment variables {@link loadBffConfig} reads, with what each one means. */
export const bffEnvironment = {
  SESSION_SECRET: 'Seals the session cookie; at least 32 characters (required).',
  RHOMBUS_CLIENT_ID: 'Rhombus OAuth client id (with RHOMBUS_CLIENT_SECRET, enables Rhombus).',
  RHOMBUS_CLIENT_SECRET: 'Rhombus OAuth client secret; stays on the server.',
  RHOMBUS_PROTOCOL: 'oauth2 (default) or legacy: which Rhombus token dialect to speak.',
  RHOMBUS_REGION: 'us (default) or eu: picks the default Rhombus hosts.',
  RHOMBUS_CONSOLE_URL: 'Overrides the authorize host.',
  RHOMBUS_AUTH_URL: 'Overrides the token host of the chosen dialect.',
  RHOMBUS_API_URL: 'Overrides the API host.',
  RHOMBUS_REDIRECT_URI:
    'Exact registered redirect URI. Default http://localhost:$PORT/oauth/callback/rhombus.',
  RHOMBUS_API_KEY:
    "Rhombus API key (x-auth-apikey) for Rhombus's own Envoy integration; stays on the server.",
  RHOMBUS_PARTNERS:
    'true (default) or false: whether Rhombus partner accounts may sign in (false answers partner_not_supported).',
  ENVOY_CLIENT_ID:
    'Envoy OAuth client id (with ENVOY_CLIENT_SECRET, enables connecting Envoy directly).',
  ENVOY_CLIENT_SECRET: 'Envoy OAuth client secret; stays on the server.',
  ENVOY_SCOPES: 'Space-separated Envoy scopes. Default "locations.read token.refresh".',
  ENVOY_AUTH_URL: 'Envoy authorize and token host. Default https://app.envoy.com.',
  ENVOY_API_URL: 'Envoy API host. Default https://api.envoy.com.',
  ENVOY_REDIRECT_URI:
    'Exact redirect URL saved in Envoy. Default http://localhost:$PORT/oauth/callback/envoy.',
  VERSORI_API: 'embedded (default) or connect: which Versori API initialises connections.',
  VERSORI_BASE_URL: 'Versori host. Default https://platform.versori.com.',
  VERSORI_HUB_ID: 'Versori hub whose end users connect Envoy (any VERSORI_* enables Versori).',
  VERSORI_CONNECTOR_ID: 'Versori connector for Envoy.',
  VERSORI_ORGANISATION_ID: 'Versori organisation (required with VERSORI_API=connect).',
  VERSORI_TOKEN: "Bearer token for Versori's APIs; stays on the server.",
  VERSORI_CREDENTIAL_ID: 'Versori oauth2-client credential holding the Envoy client secret.',
  VERSORI_CREDENTIAL_ORGANISATION_ID:
    "The credential's organisation. Default VERSORI_ORGANISATION_ID.",
  VERSORI_CLIENT_ID: 'Envoy client id stored in that credential.',
  VERSORI_AUTHORIZE_URL: "Authorize URL Versori sends users to. Default Envoy's.",
  VERSORI_SCOPES: 'Space-separated scopes for Versori to ask for. Default the Envoy scopes.',
  VERSORI_CALLBACK_ORIGIN:
    "Origin of Versori's OAuth callback page. Default https://platform.versori.com.",
  VERSORI_USER_ID_PREFIX: "Prefix of the Versori end user's external id. Default none.",
  DOORWAY_DB:
    'Where stored credentials (Envoy connections) live: a SQLite file, or postgres://user:password@host:port/database to share them between BFF instances. Default ./doorway.db.',
  DOORWAY_ENCRYPTION_KEY:
    'Encrypts stored credentials; at least 32 characters. Default: derived from SESSION_SECRET.',
  DOORWAY_ALLOWED_ORIGINS: 'Comma-separated extra origins allowed to call the BFF.',
  PORT: 'Port of the app (and of the doorway-bff CLI). Default 5173.',
} as const

const protocols: readonly RhombusProtocol[] = ['oauth2', 'legacy']
const regions: readonly RhombusRegion[] = ['us', 'eu']
const versoriApis: readonly NonNullable<VersoriBffConfig['api']>[] = ['embedded', 'connect']

/**
 * Builds a {@link BffConfig} from environment variables (see {@link bffEnvironment}).
 * URL variables override the region's hosts. Envoy is enabled by its client id and secret,
 * Versori by any `VERSORI_*` variable (then its ids, token and client id are required). Throws {@link BffConfigError} naming every
 * invalid variable; secret values are never echoed.
 */
export function loadBffConfig(env: Readonly<Record<string, string | undefined>>): BffConfig {
  const issues: BffConfigIssue[] = []
  const read = (key: keyof typeof bffEnvironment): string | undefined => {
    const value = env[key]?.trim()
    return value === '' ? undefined : value
  }
  const oneOf = <T extends string>(
    key: keyof typeof bffEnvironment,
    allowed: readonly T[],
    fallback: T,
  ): T => {
    const value = read(key) ?? fallback
    if ((allowed as readonly string[]).includes(value)) return value as T
    issues.push({ key, message: `must be one of ${allowed.join(', ')}, got "${value}"` })
    return fallback
  }
  const url = (key: keyof typeof bffEnvironment): string | undefined => {
    const value = read(key)
    if (value !== undefined && parseHttpUrl(value) === undefined) {
      issues.push({ key, message: `must be an absolute http(s) URL, got "${value}"` })
    }
    return value
  }

  const sessionSecret = read('SESSION_SECRET') ?? ''
  if (sessionSecret.length < 32) {
    issues.push({
      key: 'SESSION_SECRET',
      message: sessionSecret
        ? 'must be at least 32 characters'
        : 'is required (at least 32 characters, e.g. `openssl rand -base64 32`)',
    })
  }

  const port = read('PORT') ?? '5173'
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
    issues.push({ key: 'PORT', message: `must be a port number, got "${port}"` })
  }

  const allowedOrigins = (read('DOORWAY_ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '')
  for (const origin of allowedOrigins) {
    if (parseHttpUrl(origin) === undefined) {
      issues.push({
        key: 'DOORWAY_ALLOWED_ORIGINS',
        message: `"${origin}" is not an http(s) origin`,
      })
    }
  }

  const protocol = oneOf('RHOMBUS_PROTOCOL', protocols, 'oauth2')
  const partners = oneOf('RHOMBUS_PARTNERS', ['true', 'false'] as const, 'true')
  const region = oneOf('RHOMBUS_REGION', regions, 'us')
  const consoleUrl = url('RHOMBUS_CONSOLE_URL')
  const authUrl = url('RHOMBUS_AUTH_URL')
  const apiUrl = url('RHOMBUS_API_URL')
  const redirectUri =
    url('RHOMBUS_REDIRECT_URI') ?? `http://localhost:${port}/oauth/callback/rhombus`
  const clientId = read('RHOMBUS_CLIENT_ID')
  const clientSecret = read('RHOMBUS_CLIENT_SECRET')
  if (clientId !== undefined && clientSecret === undefined) {
    issues.push({
      key: 'RHOMBUS_CLIENT_SECRET',
      message: 'is required when RHOMBUS_CLIENT_ID is set',
    })
  }
  if (clientSecret !== undefined && clientId === undefined) {
    issues.push({
      key: 'RHOMBUS_CLIENT_ID',
      message: 'is required when RHOMBUS_CLIENT_SECRET is set',
    })
  }

  const apiKey = read('RHOMBUS_API_KEY')
  if (apiKey !== undefined && clientId === undefined) {
    issues.push({
      key: 'RHOMBUS_API_KEY',
      message:
        'needs RHOMBUS_CLIENT_ID and RHOMBUS_CLIENT_SECRET: users sign in with Rhombus first',
    })
  }

  const scopes = (key: keyof typeof bffEnvironment): string[] | undefined => {
    const value = read(key)
    if (value === undefined) return undefined
    const list = value.split(/\s+/)
    // Commas are legal in a scope token, but here they only ever mean a wrong separator.
    if (!list.every((scope) => /^[\x21\x23-\x2B\x2D-\x5B\x5D-\x7E]+$/.test(scope))) {
      issues.push({
        key,
        message: `must be scope names separated by spaces (not commas), got "${value}"`,
      })
    }
    return list
  }
  const requiredWith = (key: keyof typeof bffEnvironment, other: string): string => {
    const value = read(key)
    if (value === undefined) issues.push({ key, message: `is required when ${other} is set` })
    return value ?? ''
  }

  const envoyClientId = read('ENVOY_CLIENT_ID')
  const envoyClientSecret = read('ENVOY_CLIENT_SECRET')
  if (envoyClientId !== undefined && envoyClientSecret === undefined) {
    issues.push({ key: 'ENVOY_CLIENT_SECRET', message: 'is required when ENVOY_CLIENT_ID is set' })
  }
  if (envoyClientSecret !== undefined && envoyClientId === undefined) {
    issues.push({ key: 'ENVOY_CLIENT_ID', message: 'is required when ENVOY_CLIENT_SECRET is set' })
  }
  const envoyScopes = scopes('ENVOY_SCOPES')
  const envoyAuthUrl = url('ENVOY_AUTH_URL')
  const envoyApiUrl = url('ENVOY_API_URL')
  const envoyRedirectUri =
    url('ENVOY_REDIRECT_URI') ?? `http://localhost:${port}/oauth/callback/envoy`

  const versoriKeys = (Object.keys(bffEnvironment) as (keyof typeof bffEnvironment)[]).filter(
    (key) => key.startsWith('VERSORI_'),
  )
  const versoriSetBy = versoriKeys.find((key) => read(key) !== undefined)
  let versori: VersoriBffConfig | undefined
  if (versoriSetBy !== undefined) {
    const api = oneOf('VERSORI_API', versoriApis, 'embedded')
    const organisationId = read('VERSORI_ORGANISATION_ID')
    if (api === 'connect' && organisationId === undefined) {
      issues.push({
        key: 'VERSORI_ORGANISATION_ID',
        message: 'is required with VERSORI_API=connect',
      })
    }
    const credentialOrganisationId = read('VERSORI_CREDENTIAL_ORGANISATION_ID') ?? organisationId
    if (credentialOrganisationId === undefined) {
      issues.push({
        key: 'VERSORI_CREDENTIAL_ORGANISATION_ID',
        message: `is required (or VERSORI_ORGANISATION_ID) when ${versoriSetBy} is set`,
      })
    }
    versori = {
      api,
      hubId: requiredWith('VERSORI_HUB_ID', versoriSetBy),
      connectorId: requiredWith('VERSORI_CONNECTOR_ID', versoriSetBy),
      token: requiredWith('VERSORI_TOKEN', versoriSetBy),
      credentialId: requiredWith('VERSORI_CREDENTIAL_ID', versoriSetBy),
      credentialOrganisationId: credentialOrganisationId ?? '',
      clientId: requiredWith('VERSORI_CLIENT_ID', versoriSetBy),
    }
    if (organisationId !== undefined) versori.organisationId = organisationId
    const baseUrl = url('VERSORI_BASE_URL')
    if (baseUrl !== undefined) versori.baseUrl = baseUrl
    const authorizeUrl = url('VERSORI_AUTHORIZE_URL')
    if (authorizeUrl !== undefined) versori.authorizeUrl = authorizeUrl
    const versoriScopes = scopes('VERSORI_SCOPES')
    if (versoriScopes !== undefined) versori.scopes = versoriScopes
    const callbackOrigin = url('VERSORI_CALLBACK_ORIGIN')
    if (callbackOrigin !== undefined) versori.callbackOrigin = callbackOrigin
    const userIdPrefix = read('VERSORI_USER_ID_PREFIX')
    if (userIdPrefix !== undefined) versori.userIdPrefix = userIdPrefix
  }

  const encryptionKey = read('DOORWAY_ENCRYPTION_KEY')
  if (encryptionKey !== undefined && encryptionKey.length < 32) {
    issues.push({ key: 'DOORWAY_ENCRYPTION_KEY', message: 'must be at least 32 characters' })
  }
  const databaseFile = read('DOORWAY_DB')
  if (databaseFile !== undefined && isPostgresUrl(databaseFile) && !isDatabaseUrl(databaseFile)) {
    issues.push({
      key: 'DOORWAY_DB',
      // Not echoed: the URL may hold a password.
      message:
        'is not a valid PostgreSQL URL (postgres://user:password@host:port/database, special characters in the password percent-encoded)',
    })
  }

  if (issues.length > 0) throw new BffConfigError(issues)

  const config: BffConfig = { sessionSecret }
  if (allowedOrigins.length > 0) config.allowedOrigins = allowedOrigins
  if (clientId !== undefined && clientSecret !== undefined) {
    config.rhombus = { clientId, clientSecret, protocol, region, redirectUri }
    if (consoleUrl !== undefined) config.rhombus.consoleUrl = consoleUrl
    if (authUrl !== undefined) config.rhombus.authUrl = authUrl
    if (apiUrl !== undefined) config.rhombus.apiUrl = apiUrl
    if (apiKey !== undefined) config.rhombus.apiKey = apiKey
    if (partners === 'false') config.rhombus.supportsPartners = false
  }
  if (envoyClientId !== undefined && envoyClientSecret !== undefined) {
    config.envoy = {
      clientId: envoyClientId,
      clientSecret: envoyClientSecret,
      redirectUri: envoyRedirectUri,
    }
    if (envoyScopes !== undefined) config.envoy.scopes = envoyScopes
    if (envoyAuthUrl !== undefined) config.envoy.authUrl = envoyAuthUrl
    if (envoyApiUrl !== undefined) config.envoy.apiUrl = envoyApiUrl
  }
  if (versori !== undefined) config.versori = versori
  if (databaseFile !== undefined) config.databaseFile = databaseFile
  if (encryptionKey !== undefined) config.encryptionKey = encryptionKey
  return config
}

/** A `postgres://` URL that parses and names a host (or a socket directory in `?host=`). */
function isDatabaseUrl(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  return url.hostname !== '' || url.searchParams.has('host')
}
