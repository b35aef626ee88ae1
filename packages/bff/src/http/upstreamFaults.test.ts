import {
  completeEnvoyAuthorization,
  completeRhombusAuthorization,
  defaultVersoriData,
  type Sandbox,
  startSandbox,
} from '@doorway/sandbox'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  bffRequest,
  bindState,
  cookieOf,
  envoyRedirectUri,
  newState,
  redirectUri,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import type { UpstreamFetch } from '../config/BffConfig.js'
import type { DoorwayBff } from '../createDoorwayBff.js'
import { envoyConnectionKey } from '../envoy/createEnvoyRefresher.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'

/**
 * Issue 6, item 2: every fault the sandbox can inject, on every upstream call of the BFF's
 * sign-in and connection routes, over real HTTP. For each: a typed RFC 9457 problem within
 * the timeout plus one second, no cookie and no store write, and the BFF still serves the
 * next (normal) request.
 */

const upstreamTimeoutMs = 1000
const maxBodyBytes = 64 * 1024
/** The limit on upstream answers (default 8 MiB), small here so that the huge fault meets it. */
const maxUpstreamBytes = 64 * 1024
/** S256 of {@link verifier} (RFC 7636 Appendix B). */
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

const faults = {
  'status 500': { kind: 'status', status: 500 },
  'status 503 with Retry-After': { kind: 'status', status: 503, retryAfter: 7 },
  hang: { kind: 'hang' },
  reset: { kind: 'reset' },
  'non-json': { kind: 'non-json' },
  trickle: { kind: 'trickle' },
  huge: { kind: 'huge' },
} as const
type FaultName = keyof typeof faults
const faultNames = Object.keys(faults) as FaultName[]

interface Problem {
  status: number
  code: string
  retryAfter?: string
}
/** What the BFF answers for each fault, unless an endpoint says otherwise. */
const problems: Record<FaultName, Problem> = {
  'status 500': { status: 502, code: 'upstream_unavailable' },
  'status 503 with Retry-After': { status: 503, code: 'upstream_unavailable', retryAfter: '7' },
  hang: { status: 504, code: 'timeout' },
  reset: { status: 502, code: 'upstream_unavailable' },
  'non-json': { status: 502, code: 'invalid_response' },
  trickle: { status: 504, code: 'timeout' },
  huge: { status: 502, code: 'invalid_response' },
}

interface Endpoint {
  name: string
  /** The upstream call to fault, as the sandbox's emulated host sees it. */
  upstream: { method: string; path: string; provider: string; role: string }
  app: () => DoorwayBff
  /** Makes the BFF request, with whatever it needs first (a fresh code, a connection). */
  request: () => Promise<Request>
  /** Checks the answer to a request made while nothing is faulted. */
  succeeded: (response: Response) => Promise<void>
  /** Problems that differ from {@link problems} for this endpoint. */
  problems?: Partial<Record<FaultName, Problem>>
  /**
   * The store writes a faulted request still makes, by design (default none): a state is
   * used up before the token request it guards, whatever that request's fate (SECURITY 26).
   */
  writes?: string[]
}

let sandbox: Sandbox
let cookie: string
let userId: string
let oauth2: DoorwayBff
let legacy: DoorwayBff
const watched = watchedStore()
const received = { bytes: 0 }

beforeAll(async () => {
  sandbox = await startSandbox()
  oauth2 = sandboxBff('oauth2')
  legacy = sandboxBff('legacy')
  const signedIn = await oauth2.request(await rhombusExchange('oauth2'))
  expect(signedIn.status).toBe(200)
  cookie = cookieOf(signedIn)
  const summary = (await signedIn.json()) as { user: { id: string } | null }
  if (summary.user === null) throw new Error('the sandbox token carries no user id')
  userId = summary.user.id
})
afterAll(async () => {
  await sandbox.close()
})
afterEach(async () => {
  await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' })
})

/** A BFF configured against the sandbox for everything, over the real network. */
function sandboxBff(protocol: 'oauth2' | 'legacy'): DoorwayBff {
  const hub = defaultVersoriData.hubs[0]
  const credential = defaultVersoriData.credentials[0]
  if (hub === undefined || credential === undefined) throw new Error('no Versori sandbox data')
  return testBff({
    fetch: countingFetch,
    upstreamTimeoutMs,
    maxBodyBytes,
    maxUpstreamBytes,
    store: watched.store,
    rhombus: {
      protocol,
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      consoleUrl: sandbox.rhombus.consoleUrl,
      authUrl: protocol === 'oauth2' ? sandbox.rhombus.authWebUrl : sandbox.rhombus.authUrl,
      apiUrl: sandbox.rhombus.apiUrl,
      apiKey: 'sandbox-api-key',
      redirectUri,
    },
    envoy: {
      clientId: 'envoy-sandbox-client',
      clientSecret: 'envoy-sandbox-secret',
      authUrl: sandbox.envoy.authUrl,
      apiUrl: sandbox.envoy.apiUrl,
      redirectUri: envoyRedirectUri,
    },
    versori: {
      api: 'embedded',
      baseUrl: sandbox.versori.platformUrl,
      callbackOrigin: sandbox.versori.callbackOrigin,
      hubId: hub.id,
      connectorId: hub.connectorIds[0] as string,
      organisationId: hub.organisationId,
      token: 'sandbox-versori-token',
      credentialId: credential.id,
      credentialOrganisationId: credential.organisationId,
      clientId: credential.clientId,
      authorizeUrl: `${sandbox.envoy.authUrl}/a/auth/v0/authorize`,
    },
  }).app
}

/** The real fetch, counting the upstream body bytes that reach the BFF. */
const countingFetch: UpstreamFetch = async (url, init) => {
  const response = await fetch(url, init)
  if (response.body === null) return response
  const counted = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received.bytes += chunk.byteLength
        controller.enqueue(chunk)
      },
    }),
  )
  return new Response(counted, response)
}

/** The in-memory store, recording every write that changes something. */
function watchedStore() {
  const inner = createMemoryCredentialStore()
  const writes: string[] = []
  const store: CredentialStore = {
    ...inner,
    async putConnection(connection) {
      writes.push(`putConnection ${connection.provider}`)
      return inner.putConnection(connection)
    },
    async deleteConnection(key) {
      writes.push(`deleteConnection ${key.provider}`)
      return inner.deleteConnection(key)
    },
    update(key, fn) {
      return inner.update(key, async (current) => {
        const next = await fn(current)
        if (next !== current) writes.push(`update ${key.provider}`)
        return next
      })
    },
    async putRecord(record) {
      writes.push(`putRecord ${record.kind}`)
      return inner.putRecord(record)
    },
    async deleteRecord(kind, id) {
      writes.push(`deleteRecord ${kind}`)
      return inner.deleteRecord(kind, id)
    },
    async takeRecord(kind, id) {
      writes.push(`takeRecord ${kind}`)
      return inner.takeRecord(kind, id)
    },
  }
  return { store, writes }
}

/** What the store holds for the signed-in user: the Envoy connection and pending Versori states. */
async function stored() {
  return {
    envoy: await watched.store.getConnection(envoyConnectionKey(userId)),
    versoriStates: await watched.store.listRecords('versori-state', userId),
  }
}

/** `POST /auth/rhombus/exchange` with a fresh code from the sandbox console. */
async function rhombusExchange(protocol: 'oauth2' | 'legacy'): Promise<Request> {
  const url =
    protocol === 'oauth2'
      ? new URL(`${sandbox.rhombus.consoleUrl}/oauth/authorize`)
      : new URL(`${sandbox.rhombus.consoleUrl}/login`)
  url.search = new URLSearchParams(
    protocol === 'oauth2'
      ? {
          client_id: 'sandbox-client',
          redirect_uri: redirectUri,
          response_type: 'code',
          state: 'state-0123456789abcdef',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }
      : {
          type: 'oauth',
          client_id: 'sandbox-client',
          redirect: redirectUri,
          state: 'state-0123456789abcdef',
          challenge,
        },
  ).toString()
  const code = (await completeRhombusAuthorization(url)).searchParams.get('code')
  if (code === null) throw new Error(`no ${protocol} code from the sandbox console`)
  return bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code, codeVerifier: verifier, redirectUri },
  })
}

/**
 * `POST /auth/envoy/exchange` with a fresh code from the sandbox's Envoy prompt, for a fresh
 * state registered with the session first (`POST /auth/envoy/state`), as the browser does.
 */
async function envoyExchange(): Promise<Request> {
  const state = await bindState(oauth2, cookie, 'envoy', newState())
  const authorize = new URL(`${sandbox.envoy.authUrl}/a/auth/v0/authorize`)
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'envoy-sandbox-client',
    redirect_uri: envoyRedirectUri,
    scope: 'locations.read token.refresh',
    state,
  }).toString()
  const code = (await completeEnvoyAuthorization(authorize)).searchParams.get('code')
  if (code === null) throw new Error('no code from the sandbox Envoy prompt')
  return bffRequest('POST', '/bff/auth/envoy/exchange', {
    cookie,
    body: { code, redirectUri: envoyRedirectUri, state },
  })
}

async function expectOk(response: Response, body: Record<string, unknown>) {
  const text = await response.text()
  expect(response.status, text).toBe(200)
  expect(JSON.parse(text)).toMatchObject(body)
}

const endpoints: Endpoint[] = [
  {
    name: 'Rhombus token exchange, oauth2 dialect',
    upstream: { method: 'POST', path: '/oauth/token', provider: 'rhombus', role: 'auth-web' },
    app: () => oauth2,
    request: () => rhombusExchange('oauth2'),
    async succeeded(response) {
      expect(response.headers.get('set-cookie')).toMatch(/^doorway_session=/)
      await expectOk(response, { authenticated: true })
    },
  },
  {
    name: 'Rhombus token exchange, legacy dialect',
    upstream: { method: 'POST', path: '/oauth/token', provider: 'rhombus', role: 'auth' },
    app: () => legacy,
    request: () => rhombusExchange('legacy'),
    async succeeded(response) {
      expect(response.headers.get('set-cookie')).toMatch(/^doorway_session=/)
      await expectOk(response, { authenticated: true })
    },
  },
  {
    name: 'Rhombus API proxy',
    upstream: {
      method: 'POST',
      path: '/api/user/getUsersInOrg',
      provider: 'rhombus',
      role: 'api',
    },
    app: () => oauth2,
    request: async () =>
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    succeeded: (response) => expectOk(response, { users: expect.any(Array) }),
    // The proxy reports a body that is not JSON as the API's error (relayUpstreamJson).
    problems: { 'non-json': { status: 502, code: 'upstream_error' } },
  },
  {
    name: 'Envoy token exchange',
    upstream: { method: 'POST', path: '/a/auth/v0/token', provider: 'envoy', role: 'app' },
    app: () => oauth2,
    request: envoyExchange,
    succeeded: (response) => expectOk(response, { status: 'connected', via: 'direct' }),
    writes: ['takeRecord oauth-state'],
  },
  {
    name: 'Envoy refresh through the Envoy API proxy',
    upstream: { method: 'POST', path: '/a/auth/v0/token', provider: 'envoy', role: 'app' },
    app: () => oauth2,
    async request() {
      let connection = await watched.store.getConnection(envoyConnectionKey(userId))
      if (connection?.status !== 'connected') {
        await expectOk(await oauth2.request(await envoyExchange()), { status: 'connected' })
        connection = await watched.store.getConnection(envoyConnectionKey(userId))
      }
      if (connection?.status !== 'connected') throw new Error('no Envoy connection')
      // An access token that has expired: the refresh is on the path, with no old token to fall back on.
      await watched.store.putConnection({ ...connection, expiresAt: Date.now() - 1000 })
      return bffRequest('GET', '/bff/envoy/api/v1/locations', { cookie })
    },
    succeeded: (response) => expectOk(response, { data: expect.any(Array) }),
  },
  {
    name: 'initiateEnvoyOAuth (Rhombus-managed Envoy)',
    upstream: {
      method: 'POST',
      path: '/api/integrations/serviceManagement/initiateEnvoyOAuth',
      provider: 'rhombus',
      role: 'api',
    },
    app: () => oauth2,
    request: async () =>
      bffRequest('POST', '/bff/envoy/rhombus/initiate', {
        body: { returnTo: '/settings' },
        cookie,
      }),
    succeeded: (response) => expectOk(response, { redirectUrl: expect.any(String) }),
  },
  {
    name: 'Versori initialise',
    upstream: {
      method: 'POST',
      path: `/api/embedded/v1/embed/${defaultVersoriData.hubs[0]?.id}/connector/${defaultVersoriData.hubs[0]?.connectorIds[0]}/oauth2/initialise`,
      provider: 'versori',
      role: 'platform',
    },
    app: () => oauth2,
    request: async () => bffRequest('POST', '/bff/envoy/versori/initialise', { body: {}, cookie }),
    succeeded: (response) =>
      expectOk(response, { url: expect.any(String), state: expect.any(String) }),
  },
]

/** Puts `fault` on the endpoint's upstream call for one request, through the control route. */
async function injectFault(endpoint: Endpoint, fault: FaultName) {
  const response = await fetch(`${sandbox.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...endpoint.upstream, fault: faults[fault], times: 1 }),
  })
  expect(response.status).toBe(201)
}

/** Sends the endpoint's request with `fault` on and measures it. */
async function underFault(endpoint: Endpoint, fault: FaultName) {
  const request = await endpoint.request()
  await injectFault(endpoint, fault)
  sandbox.clearRequests()
  const before = await stored()
  watched.writes.length = 0
  received.bytes = 0
  const started = performance.now()
  const response = await endpoint.app().request(request)
  const text = await response.text()
  return { response, text, elapsed: performance.now() - started, before }
}

describe.each(endpoints)('$name under upstream faults', (endpoint) => {
  it.each(faultNames)(
    '%s: a typed problem within the timeout + 1 s, nothing stored, and the BFF goes on',
    async (fault) => {
      const { response, text, elapsed, before } = await underFault(endpoint, fault)
      const expected = { ...problems[fault], ...endpoint.problems?.[fault] }

      expect(elapsed).toBeLessThan(upstreamTimeoutMs + 1000)
      if (expected.code === 'timeout')
        expect(elapsed).toBeGreaterThanOrEqual(upstreamTimeoutMs - 20)
      expect(response.status, text).toBe(expected.status)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      expect(JSON.parse(text)).toMatchObject({
        type: `urn:doorway:problem:${expected.code}`,
        status: expected.status,
        code: expected.code,
        detail: expect.any(String),
      })
      expect(response.headers.get('retry-after')).toBe(expected.retryAfter ?? null)

      // The fault really was on this call, once (no retry), and cut it off.
      const faulted = sandbox.requests.filter((r) => r.fault !== undefined)
      expect(faulted.map((r) => [r.method, r.role, r.path])).toEqual([
        [endpoint.upstream.method, endpoint.upstream.role, endpoint.upstream.path],
      ])
      if (fault === 'huge') {
        // Read past the upstream limit while streaming, then stopped: 20 MiB were on offer.
        expect(received.bytes).toBeGreaterThan(maxUpstreamBytes)
        expect(received.bytes).toBeLessThan(8 * maxUpstreamBytes)
      }

      // Nothing half-done: no cookie, no write, the same connection and pending states.
      expect(response.headers.get('set-cookie')).toBeNull()
      expect(watched.writes).toEqual(endpoint.writes ?? [])
      expect(await stored()).toEqual(before)

      // The BFF stays up: the same request with nothing faulted succeeds.
      await endpoint.succeeded(await endpoint.app().request(await endpoint.request()))
    },
  )
})
