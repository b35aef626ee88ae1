import { type RhombusProtocol, rhombusRegions, rhombusTokenHost } from '@doorway/core'
import { envoyOAuthPreset } from '../envoy/envoyOAuthPreset.js'
import { consoleLogger } from '../logging/consoleLogger.js'
import type { Logger } from '../logging/Logger.js'
import { redactingLogger } from '../logging/redactingLogger.js'
import type { ResolvedOAuthProvider } from '../providers/ResolvedOAuthProvider.js'
import { resolveOAuthProviders } from '../providers/resolveOAuthProviders.js'
import { createStoredSessionRevocations } from '../session/createStoredSessionRevocations.js'
import { InMemorySessionRevocations } from '../session/InMemorySessionRevocations.js'
import type { SessionRevocations } from '../session/SessionRevocations.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import {
  createPostgresCredentialStore,
  isPostgresUrl,
} from '../store/createPostgresCredentialStore.js'
import {
  createSqliteCredentialStore,
  defaultDatabaseFile,
} from '../store/createSqliteCredentialStore.js'
import type { BffConfig, UpstreamFetch } from './BffConfig.js'
import { BffConfigError, type BffConfigIssue } from './BffConfigError.js'
import { parseHttpUrl } from './parseHttpUrl.js'

/** Rhombus settings with every host decided; URLs carry no trailing slash. */
export interface ResolvedRhombusConfig {
  clientId: string
  clientSecret: string
  protocol: RhombusProtocol
  consoleUrl: string
  authUrl: string
  apiUrl: string
  redirectUri: string
  apiKey: string | undefined
  /** Whether partner accounts may sign in (`RhombusBffConfig.supportsPartners`); default `true`. */
  supportsPartners: boolean
}

/** Envoy settings with defaults applied; URLs carry no trailing slash. */
export interface ResolvedEnvoyConfig {
  clientId: string
  clientSecret: string
  scopes: readonly string[]
  authUrl: string
  apiUrl: string
  redirectUri: string
}

/** Versori settings with defaults applied; URLs carry no trailing slash. */
export interface ResolvedVersoriConfig {
  api: 'embedded' | 'connect'
  baseUrl: string
  hubId: string
  connectorId: string
  organisationId: string | undefined
  token: string
  credentialId: string
  credentialOrganisationId: string
  clientId: string
  authorizeUrl: string
  scopes: readonly string[]
  callbackOrigin: string
  userIdPrefix: string
}

/** Envoy's defaults (see `shared/providers/envoy.md`). */
export const envoyDefaults = {
  scopes: ['locations.read', 'token.refresh'],
  authUrl: 'https://app.envoy.com',
  apiUrl: 'https://api.envoy.com',
} as const

/** Versori's defaults (see `shared/providers/versori.md`). */
export const versoriDefaults = {
  api: 'embedded',
  baseUrl: 'https://platform.versori.com',
  callbackOrigin: 'https://platform.versori.com',
} as const

/** {@link BffConfig} with defaults applied and every value checked. */
export interface ResolvedBffConfig {
  basePath: string
  sessionSecret: string
  allowedOrigins: ReadonlySet<string>
  secureCookies: boolean
  upstreamTimeoutMs: number
  maxBodyBytes: number
  sessionTtlSeconds: number
  fetch: UpstreamFetch
  logger: Logger
  sessionRevocations: SessionRevocations
  rhombus: ResolvedRhombusConfig | undefined
  envoy: ResolvedEnvoyConfig | undefined
  versori: ResolvedVersoriConfig | undefined
  /**
   * Every provider connected by the authorization code grant, by id: `envoy` (the preset
   * the `envoy` setting makes) first when Envoy is configured, then `oauthProviders`.
   */
  oauthProviders: ReadonlyMap<string, ResolvedOAuthProvider>
  store: CredentialStore
}

/** Applies defaults and validates `config`; throws {@link BffConfigError} listing every problem. */
export function resolveBffConfig(config: BffConfig): ResolvedBffConfig {
  const issues: BffConfigIssue[] = []
  const url = (key: string, value: string): string => {
    const parsed = parseHttpUrl(value)
    if (parsed === undefined) {
      issues.push({ key, message: `must be an absolute http(s) URL, got "${value}"` })
      return value
    }
    return value.replace(/\/+$/, '')
  }
  const positive = (key: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback
    if (!Number.isFinite(value) || value <= 0) {
      issues.push({ key, message: 'must be a positive number' })
    }
    return value
  }

  if (typeof config.sessionSecret !== 'string' || config.sessionSecret.length < 32) {
    issues.push({
      key: 'sessionSecret',
      message: 'is required and must be at least 32 characters (e.g. `openssl rand -base64 32`)',
    })
  }

  const basePath = (config.basePath ?? '/bff').replace(/\/+$/, '')
  if (basePath !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    issues.push({
      key: 'basePath',
      message: `must look like "/bff" or be empty, got "${config.basePath}"`,
    })
  }

  const allowedOrigins = new Set<string>()
  let rhombus: ResolvedRhombusConfig | undefined
  if (config.rhombus) {
    const r = config.rhombus
    const protocol = r.protocol ?? 'oauth2'
    const region = r.region ?? 'us'
    const hosts = rhombusRegions[region]
    if (protocol !== 'oauth2' && protocol !== 'legacy') {
      issues.push({
        key: 'rhombus.protocol',
        message: `must be "oauth2" or "legacy", got "${protocol}"`,
      })
    }
    if (hosts === undefined) {
      issues.push({ key: 'rhombus.region', message: `must be "us" or "eu", got "${region}"` })
    }
    if (!r.clientId) issues.push({ key: 'rhombus.clientId', message: 'is required' })
    if (!r.clientSecret) issues.push({ key: 'rhombus.clientSecret', message: 'is required' })
    const redirectOrigin = parseHttpUrl(r.redirectUri)?.origin
    if (redirectOrigin === undefined) {
      issues.push({
        key: 'rhombus.redirectUri',
        message: `must be an absolute http(s) URL, got "${r.redirectUri}"`,
      })
    } else {
      allowedOrigins.add(redirectOrigin)
    }
    const regional = hosts ?? rhombusRegions.us
    rhombus = {
      clientId: r.clientId,
      clientSecret: r.clientSecret,
      protocol,
      consoleUrl: url('rhombus.consoleUrl', r.consoleUrl ?? regional.console),
      authUrl: url('rhombus.authUrl', r.authUrl ?? rhombusTokenHost(regional, protocol)),
      apiUrl: url('rhombus.apiUrl', r.apiUrl ?? regional.api),
      redirectUri: r.redirectUri,
      apiKey: r.apiKey === '' ? undefined : r.apiKey,
      supportsPartners: r.supportsPartners !== false,
    }
  }

  const scopeList = (key: string, scopes: readonly string[] | undefined) => {
    if (scopes === undefined) return undefined
    if (
      scopes.length === 0 ||
      !scopes.every((scope) => /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope))
    ) {
      issues.push({ key, message: 'must be a non-empty list of scope tokens (RFC 6749 §3.3)' })
    }
    return [...scopes]
  }
  const required = (key: string, value: string | undefined) => {
    if (!value) issues.push({ key, message: 'is required' })
    return value ?? ''
  }

  let envoy: ResolvedEnvoyConfig | undefined
  if (config.envoy) {
    const e = config.envoy
    const redirectOrigin = parseHttpUrl(e.redirectUri)?.origin
    if (redirectOrigin === undefined) {
      issues.push({
        key: 'envoy.redirectUri',
        message: `must be an absolute http(s) URL, got "${e.redirectUri}"`,
      })
    } else {
      allowedOrigins.add(redirectOrigin)
    }
    envoy = {
      clientId: required('envoy.clientId', e.clientId),
      clientSecret: required('envoy.clientSecret', e.clientSecret),
      scopes: scopeList('envoy.scopes', e.scopes) ?? [...envoyDefaults.scopes],
      authUrl: url('envoy.authUrl', e.authUrl ?? envoyDefaults.authUrl),
      apiUrl: url('envoy.apiUrl', e.apiUrl ?? envoyDefaults.apiUrl),
      redirectUri: e.redirectUri,
    }
  }

  let versori: ResolvedVersoriConfig | undefined
  if (config.versori) {
    const v = config.versori
    const api = v.api ?? versoriDefaults.api
    if (api !== 'embedded' && api !== 'connect') {
      issues.push({ key: 'versori.api', message: `must be "embedded" or "connect", got "${api}"` })
    }
    if (api === 'connect' && !v.organisationId) {
      issues.push({ key: 'versori.organisationId', message: 'is required with the Connect API' })
    }
    const callbackOrigin = parseHttpUrl(v.callbackOrigin ?? versoriDefaults.callbackOrigin)
    if (callbackOrigin === undefined) {
      issues.push({
        key: 'versori.callbackOrigin',
        message: `must be an absolute http(s) origin, got "${v.callbackOrigin}"`,
      })
    }
    const envoyAuthUrl = envoy?.authUrl ?? envoyDefaults.authUrl
    versori = {
      api,
      baseUrl: url('versori.baseUrl', v.baseUrl ?? versoriDefaults.baseUrl),
      hubId: required('versori.hubId', v.hubId),
      connectorId: required('versori.connectorId', v.connectorId),
      organisationId: v.organisationId || undefined,
      token: required('versori.token', v.token),
      credentialId: required('versori.credentialId', v.credentialId),
      credentialOrganisationId: required(
        'versori.credentialOrganisationId',
        v.credentialOrganisationId || v.organisationId,
      ),
      clientId: required('versori.clientId', v.clientId),
      authorizeUrl: url(
        'versori.authorizeUrl',
        v.authorizeUrl ?? `${envoyAuthUrl}/a/auth/v0/authorize`,
      ),
      scopes: scopeList('versori.scopes', v.scopes) ?? envoy?.scopes ?? [...envoyDefaults.scopes],
      callbackOrigin: callbackOrigin?.origin ?? '',
      userIdPrefix: v.userIdPrefix ?? '',
    }
  }

  const oauthProviders = new Map<string, ResolvedOAuthProvider>()
  if (envoy) oauthProviders.set('envoy', envoyOAuthPreset(envoy))
  for (const [id, provider] of resolveOAuthProviders(
    config.oauthProviders,
    issues,
    allowedOrigins,
  )) {
    if (!oauthProviders.has(id)) oauthProviders.set(id, provider)
  }

  if (config.encryptionKey !== undefined && config.encryptionKey.length < 32) {
    issues.push({ key: 'encryptionKey', message: 'must be at least 32 characters' })
  }

  for (const origin of config.allowedOrigins ?? []) {
    const parsed = parseHttpUrl(origin)
    if (parsed === undefined) {
      issues.push({ key: 'allowedOrigins', message: `"${origin}" is not an http(s) origin` })
    } else {
      allowedOrigins.add(parsed.origin)
    }
  }

  const resolved: ResolvedBffConfig = {
    basePath,
    sessionSecret: config.sessionSecret,
    allowedOrigins,
    secureCookies: config.secureCookies ?? true,
    upstreamTimeoutMs: positive('upstreamTimeoutMs', config.upstreamTimeoutMs, 10_000),
    maxBodyBytes: positive('maxBodyBytes', config.maxBodyBytes, 64 * 1024),
    sessionTtlSeconds: positive('sessionTtlSeconds', config.sessionTtlSeconds, 3600),
    fetch: config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    logger: redactingLogger(config.logger ?? consoleLogger),
    sessionRevocations: config.sessionRevocations ?? new InMemorySessionRevocations(),
    rhombus,
    envoy,
    versori,
    oauthProviders,
    store: config.store ?? defaultStore(config),
  }
  // Several instances share a PostgreSQL store: they share the sign-out list there too.
  if (config.store === undefined && config.sessionRevocations === undefined) {
    if (isPostgresUrl(config.databaseFile ?? defaultDatabaseFile)) {
      resolved.sessionRevocations = createStoredSessionRevocations(resolved.store)
    }
  }
  if (issues.length > 0) throw new BffConfigError(issues)
  return resolved
}

/**
 * The store `config` asks for when it gives none: PostgreSQL when `databaseFile`
 * (`DOORWAY_DB`) is a `postgres://` or `postgresql://` URL (several instances), else
 * SQLite in that file. Either opens nothing until first used.
 */
function defaultStore(config: BffConfig): CredentialStore {
  const database = config.databaseFile ?? defaultDatabaseFile
  const secret = config.encryptionKey ?? config.sessionSecret
  return isPostgresUrl(database)
    ? createPostgresCredentialStore(database, { secret })
    : createSqliteCredentialStore(database, { secret })
}
