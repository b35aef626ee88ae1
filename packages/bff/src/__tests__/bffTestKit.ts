import { UnsecuredJWT } from 'jose'
import { type Mock, vi } from 'vitest'
import type {
  BffConfig,
  EnvoyBffConfig,
  ProviderConfig,
  RhombusBffConfig,
  UpstreamFetch,
  VersoriBffConfig,
} from '../config/BffConfig.js'
import { createDoorwayBff, type DoorwayBff } from '../createDoorwayBff.js'
import type { Logger } from '../logging/Logger.js'
import { sealSessionId, sessionKey, sessionRecord } from '../session/createSessionManager.js'
import type { RhombusOrg, Session } from '../session/Session.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'

export const sessionSecret = 'test-session-secret-0123456789abcdef'
export const redirectUri = 'http://localhost:5173/oauth/callback/rhombus'
export const appOrigin = 'http://localhost:5173'
export const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
export const rhombusSettings = {
  clientId: 'client id:1',
  clientSecret: 's3cr3t+/=&secret',
  consoleUrl: 'https://console.test',
  authUrl: 'https://auth.test',
  apiUrl: 'https://api.test',
  redirectUri,
} satisfies RhombusBffConfig

export const envoyRedirectUri = 'http://localhost:5173/oauth/callback/envoy'
export const envoySettings = {
  clientId: 'envoy-client',
  clientSecret: 'envoy-SECRET-client',
  authUrl: 'https://envoy-app.test',
  apiUrl: 'https://envoy-api.test',
  redirectUri: envoyRedirectUri,
} satisfies EnvoyBffConfig
/** An OAuth provider: form-encoded, `client_secret_basic`, PKCE, with an issuer. */
export const oidcRedirectUri = 'http://localhost:5173/oauth/callback/oidc'
export const oidcSettings = {
  clientId: 'oidc-client',
  clientSecret: 'oidc-SECRET-client',
  authorizeUrl: 'https://as.test/authorize?tenant=t1',
  tokenEndpoint: 'https://as.test/token',
  scope: 'openid profile',
  redirectUri: oidcRedirectUri,
  issuer: 'https://as.test',
  encoding: 'form',
  clientAuth: 'client_secret_basic',
} satisfies ProviderConfig
export const versoriSettings = {
  api: 'embedded',
  baseUrl: 'https://versori.test',
  hubId: '01HUB',
  connectorId: '01CONNECTOR',
  organisationId: '01ORG',
  token: 'versori-SECRET-token',
  credentialId: '01CREDENTIAL',
  clientId: 'versori-envoy-client',
} satisfies VersoriBffConfig
export const rhombusApiKey = 'rhombus-SECRET-apikey'

/** One request as the upstream saw it. */
export interface RecordedCall {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  init: RequestInit
}

export type Responder = (call: RecordedCall, index: number) => Response | Promise<Response>

/** A fetch that records every call and answers with `respond`. */
export function recordingFetch(respond: Responder = () => Response.json({})) {
  const calls: RecordedCall[] = []
  const fetch: UpstreamFetch = async (url, init) => {
    const call: RecordedCall = {
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers)),
      body: typeof init.body === 'string' ? init.body : undefined,
      init,
    }
    calls.push(call)
    return respond(call, calls.length - 1)
  }
  return { fetch, calls }
}

/** A logger whose every call is recorded. */
export type SpyLogger = { [Level in keyof Logger]: Mock<Logger[Level]> }

export function spyLogger(): SpyLogger {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
}

export type TestBffOptions = Omit<Partial<BffConfig>, 'rhombus' | 'envoy' | 'versori'> & {
  respond?: Responder
  /** Overrides of the fake Rhombus settings; `null` leaves Rhombus unconfigured. */
  rhombus?: Partial<RhombusBffConfig> | null
  /** Overrides of {@link envoySettings}; absent leaves Envoy unconfigured. */
  envoy?: Partial<EnvoyBffConfig>
  /** Overrides of {@link versoriSettings}; absent leaves Versori unconfigured. */
  versori?: Partial<VersoriBffConfig>
}

/**
 * A BFF over a recording fetch, with Rhombus configured against fake hosts (Envoy and
 * Versori on request) and an in-memory credential store unless `store` is given.
 */
export function testBff(options: TestBffOptions = {}): {
  app: DoorwayBff
  calls: RecordedCall[]
  logger: Logger
  store: CredentialStore
} {
  const { respond, rhombus, envoy, versori, ...config } = options
  const upstream = recordingFetch(respond)
  const logger = config.logger ?? spyLogger()
  const store = config.store ?? createMemoryCredentialStore()
  const bffConfig: BffConfig = { sessionSecret, fetch: upstream.fetch, logger, ...config, store }
  if (rhombus !== null) bffConfig.rhombus = { ...rhombusSettings, ...rhombus }
  if (envoy !== undefined) bffConfig.envoy = { ...envoySettings, ...envoy }
  if (versori !== undefined) bffConfig.versori = { ...versoriSettings, ...versori }
  const app = createDoorwayBff(bffConfig)
  return { app, calls: upstream.calls, logger, store }
}

/** An unsigned JWT as a Rhombus access token, so the session's user id is `sub`. */
export function jwtAccessToken(
  sub: string,
  claim: 'sub' | 'userUuid' | 'user_uuid' = 'sub',
): string {
  return new UnsecuredJWT({ [claim]: sub, secret: 'at-SECRET-jwt' }).setIssuedAt().encode()
}

/** What {@link sessionCookie} may set on the stored session. */
export interface TestSessionOptions {
  userIdFrom?: 'token' | 'random'
  isPartner?: boolean
  org?: RhombusOrg | null
  accessToken?: string
  refreshToken?: string
  /** Epoch ms; default an hour from now. */
  accessExpiresAt?: number
}

/** The org a test session belongs to unless told otherwise. */
export const testOrg: RhombusOrg = { uuid: 'org-TEST-1', name: 'Test Org' }

/**
 * A session stored directly in `store` (no sign-in request) for the user `userId`, and the
 * cookie pair that names it.
 */
export async function sessionCookie(
  store: CredentialStore,
  userId: string,
  options: TestSessionOptions = {},
): Promise<string> {
  const now = Date.now()
  const session: Session = {
    id: crypto.randomUUID(),
    userId,
    userIdFrom: options.userIdFrom ?? 'token',
    provider: 'rhombus',
    isPartner: options.isPartner ?? false,
    org: options.org === undefined ? testOrg : options.org,
    accessToken: options.accessToken ?? 'at-SECRET-session',
    accessExpiresAt: options.accessExpiresAt ?? now + 3_600_000,
    accessIssuedAt: now,
    expiresAt: now + 3_600_000,
    createdAt: now,
  }
  if (options.refreshToken !== undefined) session.refreshToken = options.refreshToken
  await store.putRecord(sessionRecord(session, now))
  const sealed = await sealSessionId(session.id, now + 3_600_000, await sessionKey(sessionSecret))
  return `doorway_session=${sealed}`
}

export interface RequestOptions {
  body?: unknown
  /** Raw body text; wins over `body`. */
  text?: string
  headers?: Record<string, string>
  cookie?: string
  /** Send `x-doorway-csrf: 1`. Default true. */
  csrf?: boolean
  /** Default {@link appOrigin}; `null` sends none. */
  origin?: string | null
  base?: string
}

/** A `Request` as the Doorway browser client would send it, adjustable per test. */
export function bffRequest(method: string, path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers)
  if (options.csrf !== false) headers.set('x-doorway-csrf', '1')
  const origin = options.origin === undefined ? appOrigin : options.origin
  if (origin !== null) headers.set('origin', origin)
  if (options.cookie) headers.set('cookie', options.cookie)
  let body: string | undefined = options.text
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  return new Request(`${options.base ?? 'http://localhost:5173'}${path}`, {
    method,
    headers,
    body: body ?? null,
  })
}

/** The `name=value` pair of the response's session cookie, for the next request's `Cookie`. */
export function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie')
  if (!header) throw new Error('no Set-Cookie')
  return header.split(';')[0] as string
}

/** A form body's fields as an object (each name once), for comparing whatever their order. */
export function formOf(body: string | undefined): Record<string, string> {
  const fields = new URLSearchParams(body ?? '')
  const names = [...new Set(fields.keys())]
  if (names.length !== [...fields.keys()].length) throw new Error(`a field repeats in ${body}`)
  return Object.fromEntries(names.map((name) => [name, fields.get(name) as string]))
}

/** A successful token response of the `oauth2` dialect. */
export function oauth2Tokens(overrides: Record<string, unknown> = {}): Response {
  return Response.json({
    access_token: 'at-SECRET-access',
    refresh_token: 'rt-SECRET-refresh',
    token_type: 'Bearer',
    expires_in: 3600,
    ...overrides,
  })
}

/** A fresh attempt `state`, as the browser makes one: 32 random bytes, base64url (43 characters). */
export function newState(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
}

/**
 * Registers `state` for `provider` with the session `cookie` names, as the browser does
 * before it leaves for the provider (`POST /auth/<provider>/state` → 204); resolves to the
 * state, for the exchange that follows.
 */
export async function bindState(
  app: DoorwayBff,
  cookie: string,
  provider: string,
  state: string = newState(),
): Promise<string> {
  const response = await app.request(
    bffRequest('POST', `/bff/auth/${provider}/state`, { cookie, body: { state } }),
  )
  if (response.status !== 204) throw new Error(`binding the state failed: ${await response.text()}`)
  return state
}

/** Whether `call` asks Rhombus for the organisation of the BFF's API key (`getOrgV2`, `api-token`). */
export function isKeyOrgCall(call: RecordedCall): boolean {
  return call.url.endsWith('/api/org/getOrgV2') && call.headers['x-auth-scheme'] === 'api-token'
}

/** Whether `call` asks Rhombus for the signed-in user's permissions (`getPermissionsForCurrentUser`). */
export function isPermissionsCall(call: RecordedCall): boolean {
  return call.url.endsWith('/api/permission/getPermissionsForCurrentUser')
}

/** What {@link withRhombusOrgChecks} answers to the checks of SECURITY 25. */
export interface RhombusOrgChecks {
  /** The API key's organisation (`getOrgV2` with `api-token`); default {@link testOrg}. */
  keyOrg?: RhombusOrg
  /** What `getPermissionsForCurrentUser` says of the user; default `true`. */
  superAdmin?: boolean
}

/**
 * A fake Rhombus answering the checks made before the server's credentials are used for a
 * session (SECURITY 25): `getOrgV2` with the API key is `keyOrg`, `getPermissionsForCurrentUser`
 * is `{superAdmin}`. Every other call goes to `respond`, whose `index` counts its own calls
 * only (from 0). The checks are still recorded in `calls`.
 */
export function withRhombusOrgChecks(
  respond: Responder = () => Response.json({}),
  checks: RhombusOrgChecks = {},
): Responder {
  let own = 0
  return (call) => {
    if (isKeyOrgCall(call)) return Response.json({ error: false, org: checks.keyOrg ?? testOrg })
    if (isPermissionsCall(call)) {
      return Response.json({
        error: false,
        superAdmin: checks.superAdmin ?? true,
        permissionGroupName: checks.superAdmin === false ? 'Member' : 'Super Admin',
      })
    }
    return respond(call, own++)
  }
}

/** Signs in through the exchange route and returns the session cookie pair. */
export async function signIn(
  app: DoorwayBff,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await app.request(
    bffRequest('POST', '/bff/auth/rhombus/exchange', {
      body: { code: 'code-SECRET', codeVerifier: verifier, redirectUri, ...extra },
    }),
  )
  if (response.status !== 200) throw new Error(`sign-in failed: ${await response.text()}`)
  return cookieOf(response)
}
