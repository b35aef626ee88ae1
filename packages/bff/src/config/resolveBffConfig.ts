import type { RhombusProtocol } from '@doorway/core'
import { envoyOAuthPreset } from '../envoy/envoyOAuthProvider.js'
import type { Logger } from '../logging/Logger.js'
import { redactingLogger } from '../logging/Logger.js'
import type { ResolvedOAuthProvider } from '../providers/ResolvedOAuthProvider.js'
import { resolveOAuthProviders } from '../providers/resolveOAuthProviders.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import { isPostgresUrl, redactPostgresUrl } from '../store/createPostgresCredentialStore.js'
import { createSqliteCredentialStore } from '../store/createSqliteCredentialStore.js'
import type { BffConfig, RhombusBffConfig, UpstreamFetch } from './BffConfig.js'
import { BffConfigError, type BffConfigIssue } from './BffConfigError.js'
import { parseHttpUrl } from './parseHttpUrl.js'
import { type BffSettings, readBffSettings } from './readBffSettings.js'

/** Rhombus settings with every host decided; URLs carry no trailing slash. */
export interface ResolvedRhombusConfig {
  clientId: string
  /** `undefined`: a public client (`oauth2` dialect only), which authenticates with PKCE alone. */
  clientSecret: string | undefined
  protocol: RhombusProtocol
  consoleUrl: string
  authUrl: string
  apiUrl: string
  redirectUri: string
  apiKey: string | undefined
  /** Who may start or remove Rhombus's own Envoy integration; default `superAdmin`. */
  envoyIntegrationPermission: NonNullable<RhombusBffConfig['envoyIntegrationPermission']>
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
  tokenUrl: string
  scopes: readonly string[]
  callbackOrigin: string
  userIdPrefix: string
}

/** {@link BffConfig} with defaults applied and every value checked (see `bffSettings`). */
export interface ResolvedBffConfig {
  basePath: string
  sessionSecret: string
  /** `allowedOrigins` and the origins of every configured redirect URI. */
  allowedOrigins: ReadonlySet<string>
  secureCookies: boolean
  upstreamTimeoutMs: number
  /** The size limit of request bodies. */
  maxBodyBytes: number
  /** The size limit of upstream response bodies. */
  maxUpstreamBytes: number
  sessionTtlSeconds: number
  /** The absolute lifetime of a refreshable session (seconds). */
  sessionMaxAgeSeconds: number
  /** Absent: undici's `request` (callUpstream's default transport). */
  fetch: UpstreamFetch | undefined
  /** `BffConfig.logger` (default `consoleLogger`) behind redaction. */
  logger: Logger
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

/**
 * Applies defaults and validates `config` by `bffSettings` (the same rules as
 * `loadBffConfig`, naming config keys); throws {@link BffConfigError} listing every problem.
 */
export function resolveBffConfig(config: BffConfig): ResolvedBffConfig {
  const settings = readBffSettings({ config })
  const issues: BffConfigIssue[] = [...settings.issues]
  const { get, value, groups } = settings

  // Redirect URIs' origins first, then the providers', then the extra ones.
  const allowedOrigins = new Set<string>()
  for (const path of ['rhombus.redirectUri', 'envoy.redirectUri'] as const) {
    const origin = parseHttpUrl(get(path))?.origin
    if (origin !== undefined) allowedOrigins.add(origin)
  }
  const providers = resolveOAuthProviders(get('oauthProviders'), issues, allowedOrigins)
  for (const origin of get('allowedOrigins') ?? []) allowedOrigins.add(origin)
  if (issues.length > 0) throw new BffConfigError(issues)

  const rhombus: ResolvedRhombusConfig | undefined = groups.has('rhombus')
    ? {
        clientId: value('rhombus.clientId'),
        clientSecret: get('rhombus.clientSecret'),
        protocol: value('rhombus.protocol'),
        consoleUrl: value('rhombus.consoleUrl'),
        authUrl: value('rhombus.authUrl'),
        apiUrl: value('rhombus.apiUrl'),
        redirectUri: value('rhombus.redirectUri'),
        apiKey: get('rhombus.apiKey'),
        envoyIntegrationPermission: value('rhombus.envoyIntegrationPermission'),
        supportsPartners: value('rhombus.supportsPartners'),
      }
    : undefined
  const envoy: ResolvedEnvoyConfig | undefined = groups.has('envoy')
    ? {
        clientId: value('envoy.clientId'),
        clientSecret: value('envoy.clientSecret'),
        scopes: value('envoy.scopes'),
        authUrl: value('envoy.authUrl'),
        apiUrl: value('envoy.apiUrl'),
        redirectUri: value('envoy.redirectUri'),
      }
    : undefined
  const versori: ResolvedVersoriConfig | undefined = groups.has('versori')
    ? {
        api: value('versori.api'),
        baseUrl: value('versori.baseUrl'),
        hubId: value('versori.hubId'),
        connectorId: value('versori.connectorId'),
        organisationId: get('versori.organisationId'),
        token: value('versori.token'),
        credentialId: value('versori.credentialId'),
        credentialOrganisationId: value('versori.credentialOrganisationId'),
        clientId: value('versori.clientId'),
        authorizeUrl: value('versori.authorizeUrl'),
        tokenUrl: value('versori.tokenUrl'),
        scopes: value('versori.scopes'),
        callbackOrigin: value('versori.callbackOrigin'),
        userIdPrefix: value('versori.userIdPrefix'),
      }
    : undefined

  const oauthProviders = new Map<string, ResolvedOAuthProvider>()
  if (envoy) oauthProviders.set('envoy', envoyOAuthPreset(envoy))
  for (const [id, provider] of providers) {
    if (!oauthProviders.has(id)) oauthProviders.set(id, provider)
  }

  return {
    basePath: value('basePath'),
    sessionSecret: value('sessionSecret'),
    allowedOrigins,
    secureCookies: value('secureCookies'),
    upstreamTimeoutMs: value('upstreamTimeoutMs'),
    maxBodyBytes: value('maxBodyBytes'),
    maxUpstreamBytes: value('maxUpstreamBytes'),
    sessionTtlSeconds: value('sessionTtlSeconds'),
    sessionMaxAgeSeconds: value('sessionMaxAgeSeconds'),
    fetch: get('fetch'),
    logger: redactingLogger(value('logger')),
    rhombus,
    envoy,
    versori,
    oauthProviders,
    store: get('store') ?? defaultStore(settings),
  }
}

/**
 * The store the settings ask for when they give none: SQLite in `databaseFile`
 * (`DOORWAY_DB`), encrypted under `encryptionKey` (default: `sessionSecret`), opened on
 * first use. A `postgres://` URL there needs node-postgres, which only the app can give
 * (`@doorway/bff/postgres`), so it is a configuration error that says how; `doorway-bff`
 * does it by itself.
 */
function defaultStore({ value }: BffSettings): CredentialStore {
  const database = value('databaseFile')
  if (isPostgresUrl(database)) {
    throw new BffConfigError([
      {
        key: 'DOORWAY_DB',
        message: `is a PostgreSQL URL (${redactPostgresUrl(database)}): give the BFF its store, store: createPostgresCredentialStore(url, { pg, secret }) from "@doorway/bff/postgres" with import pg from "pg" (see docs/postgres.md; doorway-bff does this by itself).`,
      },
    ])
  }
  return createSqliteCredentialStore(database, { secret: value('encryptionKey') })
}
