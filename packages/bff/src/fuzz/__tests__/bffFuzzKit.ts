import fc from 'fast-check'
import { beforeAll, it } from 'vitest'
import {
  appOrigin,
  envoyRedirectUri,
  jwtAccessToken,
  oidcRedirectUri,
  oidcSettings,
  type RecordedCall,
  redirectUri,
  rhombusApiKey,
  type SpyLogger,
  sessionSecret,
  spyLogger,
  testBff,
  testOrg,
  verifier,
} from '../../__tests__/bffTestKit.js'
import type { DoorwayBff } from '../../createDoorwayBff.js'
import { envoyConnectionKey } from '../../envoy/createEnvoyRefresher.js'
import type { BffErrorCode } from '../../http/BffError.js'
import { sealSessionId, sessionKind, sessionRecord } from '../../session/createSessionManager.js'
import type { Session } from '../../session/Session.js'
import type {
  ConnectedConnection,
  CredentialStore,
  StoredConnection,
} from '../../store/CredentialStore.js'
import { createMemoryCredentialStore } from '../../store/createMemoryCredentialStore.js'

// ---------------------------------------------------------------------------------------------
// Seeds: fixed per property, printed in the test's name; see docs/fuzzing.md.

/** How many runs each property makes: `DOORWAY_FUZZ_RUNS`, default 10 000. */
export const fuzzRuns = Number(process.env.DOORWAY_FUZZ_RUNS ?? 10_000)

/**
 * fast-check parameters for the property `name`: its seed is the FNV-1a hash of `name`
 * (so every run of the suite checks the same inputs), or `DOORWAY_FUZZ_SEED` (a number, or
 * `random`); `DOORWAY_FUZZ_PATH` replays one counterexample (with its seed).
 */
export function fuzzParameters(name: string): fc.Parameters<unknown> & { seed: number } {
  let hash = 0x811c9dc5
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193)
  const chosen = process.env.DOORWAY_FUZZ_SEED
  const seed = chosen === 'random' ? Date.now() | 0 : chosen ? Number(chosen) : hash | 0
  const parameters: fc.Parameters<unknown> & { seed: number } = { seed, numRuns: fuzzRuns }
  if (process.env.DOORWAY_FUZZ_PATH) parameters.path = process.env.DOORWAY_FUZZ_PATH
  return parameters
}

// ---------------------------------------------------------------------------------------------
// What a problem may say.

const codes = {
  state_mismatch: true,
  transaction_expired: true,
  invalid_callback: true,
  iss_mismatch: true,
  access_denied: true,
  invalid_request: true,
  invalid_scope: true,
  invalid_grant: true,
  invalid_client: true,
  unauthorized_client: true,
  unsupported_grant_type: true,
  server_error: true,
  temporarily_unavailable: true,
  redirect_uri_mismatch: true,
  code_expired: true,
  pkce_mismatch: true,
  wrong_auth_scheme: true,
  wrong_dialect: true,
  partner_not_supported: true,
  popup_blocked: true,
  popup_closed: true,
  timeout: true,
  network_error: true,
  upstream_unavailable: true,
  upstream_error: true,
  invalid_response: true,
  unauthenticated: true,
  session_expired: true,
  forbidden: true,
  csrf_rejected: true,
  forbidden_origin: true,
  bad_request: true,
  payload_too_large: true,
  not_found: true,
  method_not_allowed: true,
  unsupported_media_type: true,
  not_configured: true,
  invalid_return_to: true,
  envoy_disconnected: true,
  not_supported: true,
  already_connected: true,
} satisfies Record<BffErrorCode, true>

/** Every `BffErrorCode` (the `satisfies` above stops compiling when the union changes). */
const knownCodes: ReadonlySet<string> = new Set(Object.keys(codes))

/** 5xx problems the BFF documents, by status: its own 501s, and upstream trouble. */
const serverCodes: Record<number, readonly string[]> = {
  501: ['not_configured', 'not_supported'],
  502: [
    'upstream_error',
    'upstream_unavailable',
    'invalid_response',
    'invalid_client',
    'unauthorized_client',
    'unsupported_grant_type',
    'server_error',
    'wrong_dialect',
  ],
  503: ['upstream_unavailable', 'temporarily_unavailable'],
  504: ['timeout'],
}

// ---------------------------------------------------------------------------------------------
// The upstream: answers at once, in-process, as the run's `mode` says.

/** How every upstream answers during one run. */
export type UpstreamMode =
  | 'ok'
  | 'unauthorized'
  | 'forbidden'
  | 'serverError'
  | 'unavailable'
  | 'notJson'
  | 'rhombusError'
  | 'oauthError'
  | 'empty'
  | 'redirect'
  | 'unreachable'

const upstreamMode: fc.Arbitrary<UpstreamMode> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('ok' as const) },
  fc.constantFrom<UpstreamMode>(
    'unauthorized',
    'forbidden',
    'serverError',
    'unavailable',
    'notJson',
    'rhombusError',
    'oauthError',
    'empty',
    'redirect',
    'unreachable',
  ),
)

/** The state the fake Versori puts in its authorize URL, and that a fixture keeps pending. */
const versoriState = 'fuzz-state'
/** A provider-connection state the standard user's session registered (a fixture). */
const oauthState = 'fuzz-oauth-state-0123456789abcdef'

/** Plausible successful answers of every upstream the BFF calls (no secret ever relayed). */
function okAnswer(call: RecordedCall): Response {
  const url = new URL(call.url)
  const tokens = {
    access_token: jwtAccessToken('fuzz-user'),
    token_type: 'Bearer',
    expires_in: 3600,
    refresh_token: 'rt-SECRET-fuzz',
    company_id: '10000',
    accessToken: jwtAccessToken('fuzz-user'),
    refreshToken: 'rt-SECRET-fuzz',
    accessTokenExpirationSec: 3600,
  }
  switch (url.host) {
    case 'auth.test':
    case 'envoy-app.test':
    case 'as.test':
      return Response.json(tokens)
    case 'api.test':
      // The account and org checks: every token is of the fixtures' org, its user a super admin.
      if (url.pathname.endsWith('/api/org/getOrgV2')) return Response.json({ org: testOrg })
      if (url.pathname.endsWith('/getClientsV2')) return Response.json({ clients: [] })
      if (url.pathname.endsWith('/getPermissionsForCurrentUser')) {
        return Response.json({ superAdmin: true, permissionGroupName: 'Super Admin' })
      }
      if (url.pathname.endsWith('/initiateEnvoyOAuth')) {
        return Response.json({ redirectUrl: 'https://envoy-app.test/connect', error: false })
      }
      if (url.pathname.endsWith('/getEnvoyIntegration')) {
        return Response.json({
          orgIntegrationV2: { envoyIntegrationInstalled: true, tokenValid: true },
        })
      }
      if (url.pathname.endsWith('/getEnvoyLocations')) {
        return Response.json({ locationList: [{ id: '1', name: 'HQ' }], authError: false })
      }
      if (url.pathname.endsWith('/getApiTokens')) return Response.json({ apiTokens: [] })
      if (url.pathname.endsWith('/submitApiTokenApplication')) {
        return Response.json({ apiKey: 'minted-SECRET-key', error: false })
      }
      return Response.json({ users: [] })
    case 'envoy-api.test':
      return Response.json({ data: [] })
    case 'versori.test':
      if (url.pathname.endsWith('/oauth2/initialise')) {
        return Response.json({
          url: `https://app.envoy.com/a/auth/v0/authorize?state=${versoriState}`,
        })
      }
      if (call.method === 'DELETE') return new Response(null, { status: 204 })
      if (call.method === 'POST') return Response.json({ id: '01CONN' }, { status: 201 })
      return Response.json({ connections: [{ id: '01CONN', name: 'Envoy' }] })
    default:
      return Response.json({ code: 'not_found', message: 'no such fake' }, { status: 404 })
  }
}

function answer(mode: UpstreamMode, call: RecordedCall): Response {
  switch (mode) {
    case 'ok':
      return okAnswer(call)
    case 'unauthorized':
      return Response.json({ error: 'invalid_token', errorMsg: 'Unauthorized' }, { status: 401 })
    case 'forbidden':
      return Response.json({ error: 'access_denied', errorMsg: 'Forbidden' }, { status: 403 })
    case 'serverError':
      return new Response('boom', { status: 500 })
    case 'unavailable':
      return Response.json({}, { status: 503 })
    case 'notJson':
      return new Response('<html>hi</html>', { headers: { 'content-type': 'text/html' } })
    case 'rhombusError':
      return Response.json({ error: true, errorMsg: 'Nope' })
    case 'oauthError':
      return Response.json({ error: 'invalid_grant' }, { status: 400 })
    case 'empty':
      return new Response('', { status: 200 })
    case 'redirect':
      return new Response(null, { status: 302, headers: { location: 'https://evil.test/' } })
    case 'unreachable':
      throw new TypeError('fetch failed')
  }
}

// ---------------------------------------------------------------------------------------------
// The store: every write journaled, fixtures put back when a run changed them.

/** The users of the sessions the fuzzers send, with their stored fixtures. */
const fuzzUsers = {
  standard: 'fuzz-user',
  partner: 'fuzz-partner',
  random: 'fuzz-random',
} as const

/** The id of a stored API key of `fuzz-user` (a fixture), in ULID form. */
const fixtureApiKeyId = '01J00000000000000000000000'

/** The session ids of the fixtures: one live session per fuzz user, and one that has ended. */
const fixtureSessionIds = {
  standard: 'fuzz-session-standard',
  partner: 'fuzz-session-partner',
  random: 'fuzz-session-random',
  ended: 'fuzz-session-ended',
} as const

/** The fixture sessions' access tokens, made once (a JWT carries its issue time). */
const fixtureAccessTokens = {
  standard: jwtAccessToken(fuzzUsers.standard),
  partner: jwtAccessToken(fuzzUsers.partner),
  random: jwtAccessToken(fuzzUsers.random),
}

/** Another org than the API key's (the fixtures' {@link testOrg}): the random user's. */
const otherOrg = { uuid: 'org-FUZZ-OTHER', name: 'Other Org' }

interface Journal {
  /** Records that runs created (kind and id): removed before the next run. */
  created: [string, string][]
  /**
   * `kind/id` of every write (put, or update to a new value), `(disconnected)` marked, and
   * `(ended)` for a session that ended.
   */
  writes: string[]
  /** `kind/id` of every API-key record written (cleaned up after the run). */
  apiKeys: string[]
  /** Anything changed (writes, deletes, takes): the fixtures need putting back. */
  dirty: boolean
}

const connectionWrite = (connection: StoredConnection) =>
  `connection:${connection.provider}/${connection.userId}${connection.status === 'disconnected' ? ' (disconnected)' : ''}`

function journaled(store: CredentialStore, journal: Journal): CredentialStore {
  const changed = <T>(result: T) => {
    journal.dirty = true
    return result
  }
  return {
    ...store,
    async putConnection(connection) {
      journal.writes.push(connectionWrite(connection))
      return changed(await store.putConnection(connection))
    },
    async putRecord(record) {
      journal.writes.push(`${record.kind}/${record.id}`)
      if (record.kind === 'rhombus-api-key') journal.apiKeys.push(record.id)
      journal.created.push([record.kind, record.id])
      return changed(await store.putRecord(record))
    },
    updateRecord(kind, id, fn) {
      return store.updateRecord(kind, id, async (current) => {
        const next = await fn(current)
        if (next !== current) {
          journal.dirty = true
          if (next !== undefined) {
            journal.writes.push(`${kind}/${id}${next.data.ended === undefined ? '' : ' (ended)'}`)
          }
        }
        return next
      })
    },
    async deleteRecords(kind, ownerId) {
      return changed(await store.deleteRecords(kind, ownerId))
    },
    update(key, fn) {
      return store.update(key, async (current) => {
        const next = await fn(current)
        if (next !== current) {
          journal.dirty = true
          if (next !== undefined) journal.writes.push(connectionWrite(next))
        }
        return next
      })
    },
    async deleteConnection(key) {
      return changed(await store.deleteConnection(key))
    },
    async deleteRecord(kind, id) {
      return changed(await store.deleteRecord(kind, id))
    },
    async takeRecord(kind, id) {
      return changed(await store.takeRecord(kind, id))
    },
  }
}

/** When the fixtures were made: fixed, so that putting them back gives the same store. */
const fixtureTime = Date.now()

/** A stored connection; the partner's Envoy token has expired, so using it refreshes it first. */
function connection(userId: string, provider: string): ConnectedConnection {
  return {
    ...(provider === 'envoy' ? envoyConnectionKey(userId) : { userId, provider }),
    via: 'direct',
    status: 'connected',
    companyId: '10000',
    scopes: ['locations.read', 'token.refresh'],
    accessToken: 'at-SECRET-stored',
    refreshToken: 'rt-SECRET-stored',
    expiresAt:
      userId === fuzzUsers.partner && provider === 'envoy'
        ? fixtureTime - 1000
        : fixtureTime + 30 * 86_400_000,
    updatedAt: fixtureTime,
  }
}

/** The stored session of `user` (live), as a sign-in would have made it. */
function fixtureSession(user: keyof typeof fuzzUsers | 'ended', renewable: boolean): Session {
  const owner = user === 'ended' ? 'standard' : user
  const session: Session = {
    id: fixtureSessionIds[user],
    userId: fuzzUsers[owner],
    userIdFrom: owner === 'random' ? 'random' : 'token',
    provider: 'rhombus',
    isPartner: owner === 'partner',
    org: owner === 'random' ? otherOrg : testOrg,
    accessToken: fixtureAccessTokens[owner],
    accessExpiresAt: fixtureTime + 3_600_000,
    accessIssuedAt: fixtureTime,
    expiresAt: fixtureTime + 30 * 86_400_000,
    createdAt: fixtureTime,
  }
  if (renewable) session.refreshToken = 'rt-SECRET-session'
  return session
}

/** The id under which a pending state is kept: its SHA-256, base64url. */
async function stateId(state: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state))
  return Buffer.from(digest).toString('base64url')
}

async function putFixtures(store: CredentialStore, renewable: boolean): Promise<void> {
  for (const userId of Object.values(fuzzUsers)) {
    await store.putConnection(connection(userId, 'envoy'))
    await store.putConnection(connection(userId, 'oidc'))
  }
  for (const user of ['standard', 'partner', 'random'] as const) {
    await store.putRecord(sessionRecord(fixtureSession(user, renewable), fixtureTime))
  }
  await store.putRecord(sessionRecord(fixtureSession('ended', renewable), fixtureTime, 'expired'))
  await store.putRecord({
    kind: 'versori-state',
    id: await stateId(versoriState),
    ownerId: fuzzUsers.standard,
    data: { createdAt: fixtureTime },
    secrets: {},
    expiresAt: fixtureTime + 86_400_000,
  })
  await store.putRecord({
    kind: 'oauth-state',
    id: await stateId(oauthState),
    ownerId: fixtureSessionIds.standard,
    data: { createdAt: fixtureTime },
    secrets: {},
    expiresAt: fixtureTime + 86_400_000,
  })
  await store.putRecord({
    kind: 'rhombus-api-key',
    id: fixtureApiKeyId,
    ownerId: fuzzUsers.standard,
    data: { displayName: 'fixture', createdAt: 1, partner: false },
    secrets: { apiKey: 'fixture-SECRET-key' },
  })
}

/** What the store holds for `userId`, item by item, as JSON. */
async function snapshot(store: CredentialStore, userId: string): Promise<Set<string>> {
  const items = await Promise.all([
    store.getConnection({ userId, provider: 'envoy' }),
    store.getConnection({ userId, provider: 'oidc' }),
    store.listRecords('versori-state', userId),
    store.listRecords('rhombus-api-key', userId),
    store.listRecords(sessionKind, userId),
  ])
  return new Set(items.flat().map((item) => JSON.stringify(item)))
}

// ---------------------------------------------------------------------------------------------
// The BFF under test.

/** A BFF with every provider configured, over the fake upstream and a journaled store. */
export interface FuzzBff {
  app: DoorwayBff
  /** How the checks reach the BFF: `app.fetch` (a test of the checks swaps in a broken one). */
  fetch: (request: Request) => Response | Promise<Response>
  logger: SpyLogger
  /** The BFF's credential store (journaled). */
  store: CredentialStore
  /** The upstream calls of the current run. */
  calls: RecordedCall[]
  /** The current run's upstream behaviour, and its last answer. */
  upstream: { mode: UpstreamMode; last: { status: number; body: string } | undefined }
  journal: Journal
  /**
   * Starts a run: puts the fixtures back when the last run changed the store, forgets the
   * last run's upstream calls and sets how the upstream answers this time.
   */
  restore(mode: UpstreamMode): Promise<void>
  /** What the store holds for each of {@link fuzzUsers} with only the fixtures in it. */
  fixtures: ReadonlyMap<string, Set<string>>
}

/** Builds the fuzzed BFF: Rhombus (with an API key), Envoy, Versori and a generic `oidc`. */
export async function fuzzBff(
  options: { protocol?: 'oauth2' | 'legacy'; supportsPartners?: boolean } = {},
): Promise<FuzzBff> {
  const logger = spyLogger()
  const inner = createMemoryCredentialStore()
  const journal: Journal = { writes: [], apiKeys: [], created: [], dirty: false }
  const upstream: FuzzBff['upstream'] = { mode: 'ok', last: undefined }
  const store = journaled(inner, journal)
  const { app, calls } = testBff({
    logger,
    store,
    rhombus: {
      apiKey: rhombusApiKey,
      protocol: options.protocol ?? 'oauth2',
      supportsPartners: options.supportsPartners ?? true,
    },
    envoy: {},
    versori: {},
    oauthProviders: { oidc: oidcSettings },
    respond: async (call) => {
      upstream.last = undefined
      const response = answer(upstream.mode, call)
      upstream.last = { status: response.status, body: await response.clone().text() }
      return response
    },
  })
  // `oauth2` sessions hold a refresh token (renewed on an upstream 401); legacy ones do not.
  const renewable = (options.protocol ?? 'oauth2') === 'oauth2'
  await putFixtures(inner, renewable)
  const fixtures = new Map<string, Set<string>>()
  for (const userId of Object.values(fuzzUsers)) fixtures.set(userId, await snapshot(inner, userId))
  return {
    app,
    fetch: (request) => app.fetch(request),
    logger,
    store,
    calls,
    upstream,
    journal,
    async restore(mode) {
      upstream.mode = mode
      upstream.last = undefined
      calls.length = 0
      // Sessions from sign-ins, registered states, minted keys: gone; the fixtures put back.
      for (const [kind, id] of journal.created) await inner.deleteRecord(kind, id)
      if (journal.dirty) await putFixtures(inner, renewable)
      journal.writes = []
      journal.apiKeys = []
      journal.created = []
      journal.dirty = false
    },
    fixtures,
  }
}

// ---------------------------------------------------------------------------------------------
// Session cookies.

/**
 * How a session cookie is sealed: `live` names the user's stored session; `ended` names a
 * stored session that has ended (401 `session_expired`); `signedOut` a session id the store
 * does not hold; `expired` is past the cookie's own expiry; `tampered` and `otherKey` are
 * not this BFF's. Only `live` is a session.
 */
export type CookieSeal = 'live' | 'ended' | 'signedOut' | 'expired' | 'tampered' | 'otherKey'

/** Which session cookie a request carries, if any. */
export type CookieChoice =
  | { kind: 'none' }
  | { kind: 'garbage'; header: string }
  | {
      kind: 'session'
      user: keyof typeof fuzzUsers
      seal: CookieSeal
      name: 'right' | 'plain' | 'host'
      around: 'alone' | 'junkBefore' | 'junkAfter' | 'duplicateFirst'
    }

const sessionKey = crypto.subtle
  .digest('SHA-256', new TextEncoder().encode(sessionSecret))
  .then((digest) => new Uint8Array(digest))
const otherKey = crypto.getRandomValues(new Uint8Array(32))

const sealed = new Map<string, Promise<string>>()

/**
 * A sealed session cookie value for `user`, reused until {@link forgetSealedCookies}. The
 * sessions it names are fixtures, put back before each run whatever the last run did.
 */
function seal(user: keyof typeof fuzzUsers, how: CookieSeal): Promise<string> {
  const key = `${user}/${how}`
  const value = sealed.get(key) ?? sealNew(user, how)
  sealed.set(key, value)
  return value
}

/** A cookie pair (plain HTTP) of `user`'s live fixture session, e.g. for a test of the checks. */
export async function liveSessionCookie(
  user: keyof typeof fuzzUsers = 'standard',
): Promise<string> {
  return `doorway_session=${await sealNew(user, 'live')}`
}

function forgetSealedCookies(): void {
  sealed.clear()
}

async function sealNew(user: keyof typeof fuzzUsers, how: CookieSeal): Promise<string> {
  const id =
    how === 'ended'
      ? fixtureSessionIds.ended
      : how === 'signedOut'
        ? `fuzz-session-signed-out-${user}`
        : fixtureSessionIds[user]
  const until = how === 'expired' ? Date.now() - 60_000 : Date.now() + 3_600_000
  const jwe = await sealSessionId(id, until, how === 'otherKey' ? otherKey : await sessionKey)
  if (how !== 'tampered') return jwe
  const at = Math.floor(jwe.length / 2)
  return `${jwe.slice(0, at)}${jwe[at] === 'A' ? 'B' : 'A'}${jwe.slice(at + 1)}`
}

const cookieText = fc.string({
  unit: fc.constantFrom(...'abcXYZ019=;,. "%\t-_/+\\'.split(''), 'é', '\u00ff'),
  maxLength: 30,
})

const cookieChoice: fc.Arbitrary<CookieChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 16,
    arbitrary: fc.record({
      kind: fc.constant('session' as const),
      user: fc.constantFrom<keyof typeof fuzzUsers>('standard', 'standard', 'partner', 'random'),
      seal: fc.oneof(
        { weight: 12, arbitrary: fc.constant('live' as const) },
        fc.constantFrom<CookieSeal>('ended', 'signedOut', 'expired', 'tampered', 'otherKey'),
      ),
      name: fc.oneof(
        { weight: 12, arbitrary: fc.constant('right' as const) },
        fc.constantFrom('plain' as const, 'host' as const),
      ),
      around: fc.oneof(
        { weight: 8, arbitrary: fc.constant('alone' as const) },
        fc.constantFrom('junkBefore' as const, 'junkAfter' as const, 'duplicateFirst' as const),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        cookieText,
        cookieText.map((text) => `doorway_session=${text}`),
        cookieText.map((text) => `__Host-doorway_session=${text}`),
      )
      .map((header) => ({ kind: 'garbage' as const, header })),
  },
)

// ---------------------------------------------------------------------------------------------
// Requests.

/** One fuzzed request, before it is built. */
export interface FuzzInput {
  method: string
  origin: string
  prefix: string
  path: string
  headers: [string, string][]
  cookie: CookieChoice
  body: Uint8Array | undefined
  upstream: UpstreamMode
}

/** A route of the route table, and how to reach it. */
export interface FuzzRoute {
  /** Its path in the route table (under the base path), e.g. `/auth/:provider/exchange`. */
  route: string
  /** Its methods in the route table. */
  methods: readonly string[]
  /** Paths (under the base path, query included) that reach it, mostly. */
  path: fc.Arbitrary<string>
  /** The JSON body's real field names, with values the route may accept. */
  fields?: Record<string, fc.Arbitrary<unknown>>
  /** A 2xx needs a live session cookie. */
  needsSession?: boolean
  /** A 2xx needs `x-doorway-csrf: 1` even for GET. */
  needsCsrf?: boolean
  /** A non-2xx may be the upstream's JSON answer, relayed (the API proxies). */
  relays?: boolean
  /** A 2xx may set a live session cookie (sign-in). */
  signsIn?: boolean
}

const headerText = fc.string({
  unit: fc
    .oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      fc.constantFrom(0x09, 0x80, 0xa0, 0xe9, 0xff),
    )
    .map((code) => String.fromCharCode(code)),
  maxLength: 40,
})

/** `arbitrary` one time in eight, else `undefined`. */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })
}

/** `usual` most of the time, sometimes absent, one of `odd`, or any text. */
function headerChoice(usual: string | undefined, odd: readonly string[]) {
  return fc.oneof(
    { weight: 30, arbitrary: fc.constant(usual) },
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom(...odd) },
    { weight: 1, arbitrary: headerText },
  )
}

const headersArbitrary = (route: FuzzRoute): fc.Arbitrary<[string, string][]> =>
  fc
    .record({
      'content-type': headerChoice('application/json', [
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/merge-patch+json',
        'application/+json',
        'application/json;',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/jsonx',
        '',
      ]),
      origin: headerChoice(appOrigin, [
        'http://evil.test',
        'null',
        '',
        `${appOrigin}/`,
        'http://localhost:5173.evil.test',
        'HTTP://LOCALHOST:5173',
        'https://localhost:5173',
        'http://localhost:5174',
      ]),
      'x-doorway-csrf': headerChoice('1', ['0', '', 'true', '1, 1', '01', 'yes']),
      'sec-fetch-site': fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        fc.constantFrom('same-origin', 'same-site', 'none', 'cross-site', 'CROSS-SITE', ''),
      ),
      'content-length': fc.oneof(
        { weight: 12, arbitrary: fc.constant(undefined) },
        fc.constantFrom('0', '-1', 'abc', '99999999', '1e9', '65537', ' 5', '0x10'),
      ),
      'x-doorway-org': fc.oneof(
        { weight: route.route === '/rhombus/api/*' ? 3 : 12, arbitrary: fc.constant(undefined) },
        fc.constantFrom('org-1', '', 'a'.repeat(65), '../x', 'org 1', 'ORG_1-x'),
        headerText,
      ),
      'x-auth-org': fc.oneof(
        { weight: 12, arbitrary: fc.constant(undefined) },
        fc.constantFrom('org-1', ''),
      ),
      accept: fc.oneof(
        { weight: 6, arbitrary: fc.constant(undefined) },
        fc.constantFrom('application/json', '*/*', 'text/html', 'application/vnd.api+json'),
        headerText,
      ),
      'x-forwarded-proto': fc.oneof(
        { weight: 10, arbitrary: fc.constant(undefined) },
        fc.constantFrom('https', 'http', 'https, http', 'HTTPS', ''),
      ),
      extra: rarely(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), headerText)),
    })
    .map(({ extra, ...named }) => {
      const pairs: [string, string][] = []
      for (const [name, value] of Object.entries(named)) {
        if (value !== undefined) pairs.push([name, value])
      }
      if (extra !== undefined && !['cookie', 'host'].includes(extra[0])) pairs.push(extra)
      return pairs
    })

const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK'])

const methodArbitrary = (route: FuzzRoute) =>
  fc.oneof(
    { weight: 24, arbitrary: fc.constantFrom(...route.methods) },
    {
      weight: 3,
      arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
    },
    {
      weight: 1,
      arbitrary: fc
        .stringMatching(/^[A-Za-z!#$%&'*+.^_`|~-]{1,10}$/)
        .filter((method) => !forbiddenMethods.has(method.toUpperCase())),
    },
  )

/** Values a route should refuse where it takes a string: other types, too long, odd text. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', '\u0000', '__proto__', 'x'.repeat(2049), 'x'.repeat(30_000)),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
)

const hugeJson = JSON.stringify({ pad: 'x'.repeat(70_000) })
const nearLimitJson = JSON.stringify({ pad: 'x'.repeat(60_000) })
const deepJson = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
const encoder = new TextEncoder()

/** `bytes`, printed short in counterexamples (a body can be 70 kB). */
function printable(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes.subarray(0, 120))
  const more = bytes.length > 120 ? '…' : ''
  return Object.assign(bytes, {
    [fc.toStringMethod]: () => `body(${bytes.length} bytes: ${JSON.stringify(text)}${more})`,
  })
}

const bodyArbitrary = (route: FuzzRoute): fc.Arbitrary<Uint8Array | undefined> => {
  const fields = route.fields ?? {}
  // A field is mostly there with a value the route may take (`undefined`: left out).
  const fieldValues = Object.fromEntries(
    Object.entries(fields).map(([name, plausible]) => [
      name,
      fc.oneof(
        { weight: 16, arbitrary: plausible },
        { weight: 2, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: wrongValue },
      ),
    ]),
  )
  const objectBody = fc
    .tuple(
      fc.record(fieldValues),
      rarely(
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor')),
          wrongValue,
          { minKeys: 1, maxKeys: 2 },
        ),
      ),
    )
    .map(([known, extra]) => JSON.stringify({ ...extra, ...known }))
  const text = fc.oneof(
    { weight: Object.keys(fields).length > 0 ? 12 : 2, arbitrary: objectBody },
    { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.constantFrom('', 'null', '[]', '{}', '{"a":', '\uFEFF{}', '"x"', '1e999', hugeJson),
    fc.constantFrom(nearLimitJson, deepJson),
  )
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 10, arbitrary: text.map((body) => printable(encoder.encode(body))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map(printable) },
  )
}

/** The base path as typed: mostly `/bff`, sometimes a look-alike. */
const prefixArbitrary = fc.oneof(
  { weight: 20, arbitrary: fc.constant('/bff') },
  fc.constantFrom(
    '/BFF',
    '/bff/',
    '//bff',
    '/bff/.',
    '/x/../bff',
    '/%62ff',
    '',
    '/bff%2f',
    '/bff;x',
  ),
)
const originArbitrary = fc.oneof(
  { weight: 12, arbitrary: fc.constant('http://localhost:5173') },
  fc.constantFrom('https://localhost:5173', 'http://evil.test', 'http://127.0.0.1:8787'),
)

/** What may follow a route's path: mostly nothing. */
const suffixArbitrary = fc.oneof(
  { weight: 20, arbitrary: fc.constant('') },
  fc.constantFrom('/', '/x', '//', '/..', '/%2e%2e/config', ';x', '%00', '%', '#f', '?', '.json'),
  fc.webQueryParameters().map((query) => `?${query}`),
  fc.webSegment().map((segment) => `/${segment}`),
)

/** A path segment that routes read as a parameter (`:provider`, `:id`), mostly `usual`. */
function segmentArbitrary(usual: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...usual) },
    fc.constantFrom(
      '',
      'unknown',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '%65nvoy',
      'envoy%2f',
      '%E0%A4%A',
      '%',
      'ENVOY',
      'x'.repeat(300),
    ),
    fc.webSegment(),
    fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
  )
}

/** A proxied API path: segments of `[A-Za-z0-9_-]`, sometimes not. */
const apiPathArbitrary = fc
  .array(
    fc.oneof(
      { weight: 10, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/) },
      fc.constantFrom(
        '',
        '.',
        '..',
        '%2e%2e',
        '%2f',
        '%5c',
        'a%2fb',
        '%00',
        '@evil.test',
        'https:',
        'x.json',
        '%E0%A4%A',
        '~',
      ),
      fc.webSegment(),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((segments) => segments.join('/'))

const inputArbitrary = (route: FuzzRoute): fc.Arbitrary<FuzzInput> =>
  fc.record({
    method: methodArbitrary(route),
    origin: originArbitrary,
    prefix: prefixArbitrary,
    path: route.path,
    headers: headersArbitrary(route),
    cookie: cookieChoice,
    body: bodyArbitrary(route),
    upstream: upstreamMode,
  })

/** The request, and whose live session it carries (if any). */
async function buildRequest(input: FuzzInput): Promise<{
  request: Request
  liveUser: string | undefined
  liveSession: string | undefined
  userId: string
}> {
  const headers = new Headers(input.headers)
  const { cookie } = input
  let liveUser: string | undefined
  let liveSession: string | undefined
  let userId: string = fuzzUsers.standard
  if (cookie.kind === 'garbage') headers.set('cookie', cookie.header)
  if (cookie.kind === 'session') {
    const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
    const https = input.origin.startsWith('https:') || forwarded === 'https'
    const right = https ? '__Host-doorway_session' : 'doorway_session'
    const name = {
      right,
      plain: 'doorway_session',
      host: '__Host-doorway_session',
    }[cookie.name]
    const pair = `${name}=${await seal(cookie.user, cookie.seal)}`
    userId = fuzzUsers[cookie.user]
    headers.set(
      'cookie',
      {
        alone: pair,
        junkBefore: `a=1; ${pair}`,
        junkAfter: `${pair}; b="2"; c`,
        duplicateFirst: `${name}=junk; ${pair}`,
      }[cookie.around],
    )
    if (cookie.seal === 'live' && cookie.around !== 'duplicateFirst' && name === right) {
      liveUser = userId
      liveSession = fixtureSessionIds[cookie.user]
    }
  }
  const withBody = input.method !== 'GET' && input.method !== 'HEAD'
  const request = new Request(`${input.origin}${input.prefix}${input.path}`, {
    method: input.method,
    headers,
    body: withBody && input.body !== undefined ? input.body.slice() : null,
  })
  return { request, liveUser, liveSession, userId }
}

// ---------------------------------------------------------------------------------------------
// The property.

const sessionCookieNames = new Set(['doorway_session', '__Host-doorway_session'])
const secretMarkers = ['SECRET', 's3cr3t']

/** Fails the run with what went wrong and what the BFF answered. */
function fail(what: string, response: Response, text: string): never {
  throw new Error(
    `${what}\n  answered ${response.status} ${JSON.stringify(Object.fromEntries(response.headers))}\n  ${text.slice(0, 600)}`,
  )
}

/** Whether `cookie` (a Set-Cookie value) gives a session `GET /session` calls signed in. */
async function createsSession(bff: FuzzBff, cookie: string): Promise<boolean> {
  const [pair = '', ...attributes] = cookie.split(';')
  const value = pair.slice(pair.indexOf('=') + 1)
  if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) return false
  const name = pair.slice(0, pair.indexOf('='))
  const origin = name.startsWith('__Host-') ? 'https://localhost:5173' : 'http://localhost:5173'
  const response = await bff.fetch(
    new Request(`${origin}/bff/session`, { headers: { cookie: pair } }),
  )
  return ((await response.json()) as { authenticated?: unknown }).authenticated === true
}

/**
 * One request through `app.fetch`, and every property the brief names: a response (no
 * throw); no `error` log (an untyped exception); status < 500 but for documented upstream
 * trouble; every non-2xx an RFC 9457 problem with a known code (or, for the proxies, the
 * upstream's own JSON relayed); nothing written to the store and no live session cookie
 * set when the request is refused. Also: no secret in any answer, and a 2xx only past the
 * request guard (allowed Origin, no cross-site fetch, the CSRF header) and, where the route
 * needs one, with a live session.
 */
async function checkRequest(bff: FuzzBff, route: FuzzRoute, input: FuzzInput): Promise<void> {
  await bff.restore(input.upstream)
  for (const level of ['debug', 'info', 'warn', 'error'] as const) bff.logger[level].mockClear()

  const { request, liveUser, liveSession, userId } = await buildRequest(input)
  let response: Response
  try {
    response = await bff.fetch(request)
  } catch (error) {
    throw new Error(`app.fetch threw instead of answering: ${String(error)}`)
  }
  if (!(response instanceof Response)) throw new Error('app.fetch answered no Response')
  const text = await response.text()
  const { status } = response
  const ok = status >= 200 && status <= 299
  const contentType = response.headers.get('content-type') ?? ''

  if (bff.logger.error.mock.calls.length > 0) {
    fail(`logged an error: ${String(bff.logger.error.mock.calls[0]?.[1]?.error)}`, response, text)
  }
  for (const marker of secretMarkers) {
    const headers = JSON.stringify([...response.headers])
    if (text.includes(marker) || headers.includes(marker)) {
      fail(`answered ${marker}`, response, text)
    }
  }

  let problemCode: string | undefined
  if (!ok) {
    const relayed =
      route.relays === true &&
      contentType === 'application/json; charset=utf-8' &&
      bff.upstream.last !== undefined
    if (relayed) {
      const body = request.method === 'HEAD' ? '' : bff.upstream.last?.body
      if (status !== bff.upstream.last?.status || text !== body) {
        fail('relayed something other than the upstream answer', response, text)
      }
    } else {
      if (contentType !== 'application/problem+json') {
        fail('a non-2xx that is not a problem', response, text)
      }
      if (status === 405 && !response.headers.get('allow')) {
        fail('405 without Allow', response, text)
      }
      if (request.method !== 'HEAD') {
        let problem: Record<string, unknown>
        try {
          problem = JSON.parse(text) as Record<string, unknown>
        } catch {
          fail('a problem body that is not JSON', response, text)
        }
        const code = String(problem.code)
        problemCode = code
        if (
          !knownCodes.has(code) ||
          problem.type !== `urn:doorway:problem:${code}` ||
          problem.status !== status ||
          typeof problem.title !== 'string' ||
          typeof problem.detail !== 'string'
        ) {
          fail('not an RFC 9457 problem with a known code', response, text)
        }
        if (status >= 500) {
          if (!serverCodes[status]?.includes(code)) fail(`${status} ${code}`, response, text)
          if (status !== 501 && bff.calls.length === 0) {
            fail(`${status} without any upstream call`, response, text)
          }
        }
      }
      if (status < 400 || status > 504 || status === 500) fail(`status ${status}`, response, text)
    }
    // The one documented write of a refusal: Envoy refused the refresh token, so the
    // connection is kept as disconnected, its tokens deleted (401 envoy_disconnected).
    // (A HEAD answer has no body to name its code: its status must do.)
    const revoked =
      (problemCode === 'envoy_disconnected' || (request.method === 'HEAD' && status === 401)) &&
      bff.journal.writes.every((write) => write.endsWith(' (disconnected)'))
    // The other: Rhombus no longer accepts the session's token (a second 401, or a refused
    // refresh), so the request's own session is kept as ended, its tokens deleted
    // (401 session_expired), perhaps after a renewal that did not help.
    const ended =
      (problemCode === 'session_expired' || (request.method === 'HEAD' && status === 401)) &&
      liveSession !== undefined &&
      bff.journal.writes.some((write) => write === `${sessionKind}/${liveSession} (ended)`) &&
      bff.journal.writes.every((write) => write.startsWith(`${sessionKind}/${liveSession}`))
    if (bff.journal.writes.length > 0 && !revoked && !ended) {
      fail(`refused, yet wrote ${bff.journal.writes.join(', ')}`, response, text)
    }
    // The run started from the fixtures; the journal sees every change to the store.
    if (bff.journal.dirty) {
      const before = bff.fixtures.get(userId) ?? new Set()
      for (const item of await snapshot(bff.store, userId)) {
        const tokenless =
          (revoked && /"status":"disconnected"/.test(item) && !/Token"/.test(item)) ||
          (ended &&
            item.includes(`"id":"${liveSession}"`) &&
            item.includes('"ended":"') &&
            item.includes('"secrets":{}'))
        if (!before.has(item) && !tokenless) {
          fail(`refused, yet the store now holds ${item}`, response, text)
        }
      }
    }
  } else {
    const header = (name: string) => request.headers.get(name)
    const origin = header('origin')
    const safe = request.method === 'GET' || request.method === 'HEAD'
    if (origin !== null && origin !== appOrigin) fail(`2xx for Origin ${origin}`, response, text)
    if (header('sec-fetch-site')?.toLowerCase() === 'cross-site') {
      fail('2xx for a cross-site request', response, text)
    }
    if ((!safe || route.needsCsrf) && header('x-doorway-csrf') !== '1') {
      fail('2xx without the CSRF header', response, text)
    }
    if (route.needsSession && liveUser === undefined) {
      fail('2xx without a live session', response, text)
    }
  }

  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) forgetSealedCookies()
  for (const cookie of cookies) {
    const name = cookie.slice(0, cookie.indexOf('='))
    if (!sessionCookieNames.has(name)) fail(`set the cookie ${name}`, response, text)
    if (!(ok && route.signsIn) && (await createsSession(bff, cookie))) {
      fail('set a live session cookie', response, text)
    }
  }
}

/** The property of `route`: every request to it, as fuzzed, passes {@link checkRequest}. */
export function routeProperty(bff: FuzzBff, route: FuzzRoute) {
  return fc.asyncProperty(inputArbitrary(route), (input) => checkRequest(bff, route, input))
}

/** The name of `route`'s property. */
function routeName(route: FuzzRoute): string {
  return `${route.methods.join('|')} ${route.route}`
}

/**
 * Declares the fuzz test of each of `routes` against one BFF built once for the file, with
 * `fuzzRuns` runs each and its seed in the test's name.
 */
export function fuzzRoutes(
  routes: readonly FuzzRoute[],
  options: Parameters<typeof fuzzBff>[0] & { label?: string } = {},
): void {
  let bff: FuzzBff
  beforeAll(async () => {
    bff = await fuzzBff(options)
  })
  for (const route of routes) {
    const name = `${routeName(route)}${options.label ? ` (${options.label})` : ''}`
    const parameters = fuzzParameters(name)
    it(
      `${name}: typed answers, nothing kept when refused (seed ${parameters.seed})`,
      async () => {
        await fc.assert(routeProperty(bff, route), parameters)
      },
      120_000 + fuzzRuns * 10,
    )
  }
}

// ---------------------------------------------------------------------------------------------
// Field values each route may accept.

const text = (usual: readonly string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...usual) }, fc.string({ maxLength: 40 }))

/** A `returnTo`: same-origin paths, and every way out that `safeReturnTo` must refuse. */
const returnToArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('/settings', '/', '/a/b?c=d#e') },
  fc
    .tuple(
      fc.constantFrom('/', '//', '/\\', '\\\\', '/%2f', '/.//', '/a/..//', '/%2e%2e//', 'https://'),
      fc.constantFrom('evil.test', 'localhost:5173', ''),
      fc.string({ maxLength: 10 }),
    )
    .map((parts) => parts.join('')),
  fc.webUrl(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
)

/** Each route's body fields, with values it may accept and some it must refuse. */
const fields = {
  rhombusExchange: {
    code: text(['code-1']),
    codeVerifier: text([verifier, 'short']),
    redirectUri: text([redirectUri, `${redirectUri}/`, 'http://evil.test/cb']),
    isPartner: fc.boolean(),
    accessToken: rarely(text([jwtAccessToken('fuzz-user'), 'opaque-token'])),
  },
  oauthExchange: {
    code: text(['code-1']),
    codeVerifier: text([verifier]),
    redirectUri: text([envoyRedirectUri, oidcRedirectUri, redirectUri]),
    // Mostly the state the standard user's session registered (a fixture), so codes exchange.
    state: text([oauthState, oauthState, oauthState, 'made-up-state-0123456789abc']),
  },
  oauthState: {
    state: text([
      'fuzz-new-state-0123456789abcdef',
      oauthState,
      'short',
      'x'.repeat(257),
      'has=padding-0123456789abcdef',
    ]),
  },
  signOut: { everywhere: fc.boolean() },
  envoyDisconnect: { via: text(['direct', 'rhombus', 'versori', 'DIRECT']) },
  rhombusInitiate: { returnTo: returnToArbitrary, param: text(['p-1']) },
  versoriInitialise: {
    additionalParams: text(['foo=bar', 'a=1&b=2', 'state=x', 'client_id=x', '?x=1', 'a b', '=x']),
    prompt: text(['login', 'consent', 'none+login', 'LOGIN', 'login+', 'select_account']),
  },
  versoriComplete: { code: text(['code-1']), state: text([versoriState, 'other-state']) },
  apiKeyCreate: {
    displayName: text([
      'CI key',
      '  spaced  ',
      'x'.repeat(100),
      'x'.repeat(101),
      '\u0007bell',
      '\uD800',
    ]),
  },
} satisfies Record<string, Record<string, fc.Arbitrary<unknown>>>

// ---------------------------------------------------------------------------------------------
// Every route of the route table (plus paths that are none), as the fuzz files take them.

const at = (path: string, suffix = suffixArbitrary) => suffix.map((tail) => `${path}${tail}`)
const providers = segmentArbitrary(['envoy', 'oidc', 'rhombus'])
/** `rhombus` is the sign-in route's (it comes first in the route table). */
const connectedProviders = segmentArbitrary(['envoy', 'oidc'])
const viaQuery = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('direct', 'rhombus', 'versori').map((v) => `?via=${v}`) },
  fc.constantFrom(
    '',
    '?via=',
    '?via=DIRECT',
    '?via=direct&via=direct',
    '?via=x',
    '?via',
    '?VIA=direct',
  ),
  fc.webQueryParameters().map((query) => `?${query}`),
)

/** The route table of `createDoorwayBff`, route by route. */
export const bffRoutes = {
  config: { route: '/config', methods: ['GET'], path: at('/config') },
  session: { route: '/session', methods: ['GET'], path: at('/session') },
  signOut: {
    route: '/auth/signout',
    methods: ['POST'],
    path: at('/auth/signout'),
    fields: fields.signOut,
  },
  rhombusExchange: {
    route: '/auth/rhombus/exchange',
    methods: ['POST'],
    path: at('/auth/rhombus/exchange'),
    fields: fields.rhombusExchange,
    signsIn: true,
  },
  oauthExchange: {
    route: '/auth/:provider/exchange',
    methods: ['POST'],
    path: fc
      .tuple(connectedProviders, suffixArbitrary)
      .map(([id, tail]) => `/auth/${id}/exchange${tail}`),
    fields: fields.oauthExchange,
    needsSession: true,
  },
  oauthState: {
    route: '/auth/:provider/state',
    methods: ['POST'],
    path: fc
      .tuple(connectedProviders, suffixArbitrary)
      .map(([id, tail]) => `/auth/${id}/state${tail}`),
    fields: fields.oauthState,
    needsSession: true,
  },
  connectionStatus: {
    route: '/connections/:provider',
    methods: ['GET'],
    path: fc.tuple(providers, suffixArbitrary).map(([id, tail]) => `/connections/${id}${tail}`),
    needsSession: true,
    needsCsrf: true,
  },
  connectionDisconnect: {
    route: '/connections/:provider/disconnect',
    methods: ['POST'],
    path: fc
      .tuple(providers, suffixArbitrary)
      .map(([id, tail]) => `/connections/${id}/disconnect${tail}`),
    needsSession: true,
    needsCsrf: true,
  },
  rhombusApi: {
    route: '/rhombus/api/*',
    methods: ['GET', 'POST'],
    path: fc
      .tuple(apiPathArbitrary, rarely(fc.webQueryParameters()))
      .map(([path, query]) => `/rhombus/api/${path}${query === undefined ? '' : `?${query}`}`),
    fields: { orgUuid: fc.string({ maxLength: 10 }), filter: fc.jsonValue({ maxDepth: 2 }) },
    needsSession: true,
    needsCsrf: true,
    relays: true,
  },
  apiKeys: {
    route: '/rhombus/api-keys',
    methods: ['GET', 'POST'],
    path: at('/rhombus/api-keys'),
    fields: fields.apiKeyCreate,
    needsSession: true,
    needsCsrf: true,
  },
  apiKey: {
    route: '/rhombus/api-keys/:id',
    methods: ['DELETE'],
    path: fc
      .tuple(segmentArbitrary([fixtureApiKeyId, '01J00000000000000000000001']), suffixArbitrary)
      .map(([id, tail]) => `/rhombus/api-keys/${id}${tail}`),
    needsSession: true,
    needsCsrf: true,
  },
  partnerClients: {
    route: '/rhombus/partner/clients',
    methods: ['GET'],
    path: at('/rhombus/partner/clients'),
    needsSession: true,
    needsCsrf: true,
  },
  envoyConnection: {
    route: '/envoy/connection',
    methods: ['GET'],
    path: at('/envoy/connection', viaQuery),
    needsSession: true,
    needsCsrf: true,
  },
  envoyDisconnect: {
    route: '/envoy/disconnect',
    methods: ['POST'],
    path: at('/envoy/disconnect'),
    fields: fields.envoyDisconnect,
    needsSession: true,
    needsCsrf: true,
  },
  rhombusInitiate: {
    route: '/envoy/rhombus/initiate',
    methods: ['POST'],
    path: at('/envoy/rhombus/initiate'),
    fields: fields.rhombusInitiate,
    needsSession: true,
    needsCsrf: true,
  },
  rhombusLocations: {
    route: '/envoy/rhombus/locations',
    methods: ['GET'],
    path: at('/envoy/rhombus/locations'),
    needsSession: true,
    needsCsrf: true,
  },
  versoriInitialise: {
    route: '/envoy/versori/initialise',
    methods: ['POST'],
    path: at('/envoy/versori/initialise'),
    fields: fields.versoriInitialise,
    needsSession: true,
    needsCsrf: true,
  },
  versoriComplete: {
    route: '/envoy/versori/complete',
    methods: ['POST'],
    path: at('/envoy/versori/complete'),
    fields: fields.versoriComplete,
    needsSession: true,
    needsCsrf: true,
  },
  envoyApi: {
    route: '/envoy/api/*',
    methods: ['GET'],
    path: fc
      .tuple(apiPathArbitrary, rarely(fc.webQueryParameters()))
      .map(([path, query]) => `/envoy/api/${path}${query === undefined ? '' : `?${query}`}`),
    needsSession: true,
    needsCsrf: true,
    relays: true,
  },
} satisfies Record<string, FuzzRoute>

/** Paths that are no route: anything, under the base path or not. */
export const unknownPaths: FuzzRoute = {
  route: '(no route)',
  methods: ['GET', 'POST', 'DELETE'],
  path: fc.oneof(
    fc.webPath(),
    fc.constantFrom('', '/', '/nope', '/config/x', '/auth', '/auth/x', '/rhombus', '/envoy'),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => `/${encodeURIComponent(s)}`),
  ),
}
