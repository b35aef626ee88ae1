import type { RhombusProtocol, RhombusRegion } from '@doorway/core'
import type { BffConfig } from './BffConfig.js'
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
  DOORWAY_ALLOWED_ORIGINS: 'Comma-separated extra origins allowed to call the BFF.',
  PORT: 'Port of the app (and of the doorway-bff CLI). Default 5173.',
} as const

const protocols: readonly RhombusProtocol[] = ['oauth2', 'legacy']
const regions: readonly RhombusRegion[] = ['us', 'eu']

/**
 * Builds a {@link BffConfig} from environment variables (see {@link bffEnvironment}).
 * URL variables override the region's hosts. Throws {@link BffConfigError} naming every
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

  if (issues.length > 0) throw new BffConfigError(issues)

  const config: BffConfig = { sessionSecret }
  if (allowedOrigins.length > 0) config.allowedOrigins = allowedOrigins
  if (clientId !== undefined && clientSecret !== undefined) {
    config.rhombus = { clientId, clientSecret, protocol, region, redirectUri }
    if (consoleUrl !== undefined) config.rhombus.consoleUrl = consoleUrl
    if (authUrl !== undefined) config.rhombus.authUrl = authUrl
    if (apiUrl !== undefined) config.rhombus.apiUrl = apiUrl
  }
  return config
}
