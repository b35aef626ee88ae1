import { afterEach, describe, expect, it } from 'vitest'
import {
  bffRequest,
  bindState,
  type RecordedCall,
  type Responder,
  sessionCookie,
  testBff,
} from '../__tests__/bffTestKit.js'
import { fakeUpstream } from '../__tests__/fakeUpstream.js'
import { envoyConnectionKey } from '../envoy/createEnvoyRefresher.js'
import type { ConnectedConnection } from '../store/CredentialStore.js'

const key = envoyConnectionKey('user-1')
const locations = { data: [{ id: '1', type: 'locations', attributes: { name: 'HQ' } }] }

function storedConnection(overrides: Partial<ConnectedConnection> = {}): ConnectedConnection {
  return {
    ...key,
    via: 'direct',
    status: 'connected',
    companyId: '10000',
    scopes: ['locations.read', 'token.refresh'],
    accessToken: 'at-SECRET-old',
    refreshToken: 'rt-SECRET-old',
    expiresAt: Date.now() + 86_400_000,
    refreshExpiresAt: Date.now() + 2_592_000_000,
    updatedAt: 0,
    ...overrides,
  }
}
const expired = () => storedConnection({ expiresAt: Date.now() - 1000 })

const isRefresh = (call: RecordedCall) => call.url.endsWith('/a/auth/v0/token')
const rotated = (n = 1) =>
  Response.json({
    token_type: 'Bearer',
    access_token: `at-SECRET-new${n}`,
    expires_in: 86400,
    refresh_token: `rt-SECRET-new${n}`,
    refresh_token_expires_in: 2592000,
    state: null,
    company_id: '10000',
  })

/** A BFF with Envoy, the user's connection stored, and a fake Envoy answering `respond`. */
async function connected(
  connection: ConnectedConnection | undefined,
  respond: Responder,
  options: Parameters<typeof testBff>[0] = {},
) {
  const bff = testBff({ envoy: {}, respond, ...options })
  if (connection) await bff.store.putConnection(connection)
  const cookie = await sessionCookie(bff.store, 'user-1')
  const get = (
    path = '/bff/envoy/api/v1/locations',
    extra: Parameters<typeof bffRequest>[2] = {},
  ) => bff.app.request(bffRequest('GET', path, { cookie, ...extra }))
  return { ...bff, cookie, get, refreshes: () => bff.calls.filter(isRefresh) }
}

/** Envoy: the token endpoint rotates (after `delay` ms), the API accepts only `valid` tokens. */
function fakeEnvoy(valid: (token: string) => boolean, delay = 0): Responder {
  let rotations = 0
  return async (call) => {
    if (isRefresh(call)) {
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay))
      return rotated(++rotations)
    }
    const token = call.headers.authorization?.replace(/^Bearer /, '') ?? ''
    return valid(token)
      ? Response.json(locations)
      : Response.json({ errors: [{ status: '401' }] }, { status: 401 })
  }
}

describe('Envoy API proxy', () => {
  it('forwards GET /envoy/api/<path> to {ENVOY_API_URL}/<path> with Bearer and only accept', async () => {
    const { get, calls } = await connected(
      storedConnection(),
      fakeEnvoy(() => true),
    )
    const response = await get('/bff/envoy/api/v1/locations', {
      headers: {
        accept: 'application/vnd.api+json',
        authorization: 'Bearer browser',
        'x-forwarded-for': '1.2.3.4',
      },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(locations)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('https://envoy-api.test/v1/locations')
    expect(calls[0]?.method).toBe('GET')
    expect(calls[0]?.headers).toEqual({
      accept: 'application/vnd.api+json',
      authorization: 'Bearer at-SECRET-old',
    })
    expect(calls[0]?.init.redirect).toBe('manual')
  })

  it('forwards query parameters, re-encoded', async () => {
    const { get, calls } = await connected(
      storedConnection(),
      fakeEnvoy(() => true),
    )
    await get('/bff/envoy/api/v1/entries?location_id=1&page[size]=5&q=a%20b')
    expect(calls[0]?.url).toBe(
      'https://envoy-api.test/v1/entries?location_id=1&page%5Bsize%5D=5&q=a+b',
    )
  })

  it('17. cookies, the CSRF header and Origin are not forwarded', async () => {
    const { get, calls, cookie } = await connected(
      storedConnection(),
      fakeEnvoy(() => true),
    )
    await get(undefined, { cookie: `${cookie}; other=1` })
    expect(Object.keys(calls[0]?.headers ?? {}).sort()).toEqual(['accept', 'authorization'])
  })

  it.each([
    '/bff/envoy/api/',
    '/bff/envoy/api/v1/%2e%2e%2fadmin',
    '/bff/envoy/api/v1%2flocations',
    '/bff/envoy/api/v1%5clocations',
    '/bff/envoy/api/v1//locations',
    '/bff/envoy/api//evil.test/v1',
    '/bff/envoy/api/https:%2F%2Fevil.test%2Fx',
    '/bff/envoy/api/v1@evil.test/x',
    '/bff/envoy/api/v1/locations.json',
    '/bff/envoy/api/v1/get%00x',
    '/bff/envoy/api/v1/locations?next%2Fx=1',
    '/bff/envoy/api/v1/locations?a%26b=1',
  ])('17. %s is 400 and sends no token anywhere', async (path) => {
    const { get, calls } = await connected(
      storedConnection(),
      fakeEnvoy(() => true),
    )
    const response = await get(path)
    expect(response.status, path).toBe(400)
    expect((await response.json()).code).toBe('bad_request')
    expect(calls).toHaveLength(0)
  })

  it('17. Host-header tricks do not move the upstream; only GET is proxied', async () => {
    const { get, calls, app, cookie } = await connected(
      storedConnection(),
      fakeEnvoy(() => true),
    )
    await get(undefined, { headers: { host: 'evil.test', 'x-forwarded-host': 'evil.test' } })
    await get(undefined, { base: 'http://evil.test' })
    expect(calls.map((call) => new URL(call.url).origin)).toEqual(
      Array(2).fill('https://envoy-api.test'),
    )
    const post = await app.request(
      bffRequest('POST', '/bff/envoy/api/v1/locations', { cookie, body: {} }),
    )
    expect(post.status).toBe(405)
    expect(calls).toHaveLength(2)
  })

  it('401 unauthenticated without a session, 401 envoy_disconnected when never connected', async () => {
    const { app, get, calls } = await connected(
      undefined,
      fakeEnvoy(() => true),
    )
    const anonymous = await app.request(bffRequest('GET', '/bff/envoy/api/v1/locations'))
    expect((await anonymous.json()).code).toBe('unauthenticated')
    const response = await get()
    expect(response.status).toBe(401)
    const problem = await response.json()
    expect(problem.code).toBe('envoy_disconnected')
    expect(problem.hint).toMatch(/Connect Envoy again/)
    expect(calls).toHaveLength(0)
  })
})

describe('21. Envoy refresh is single-flight per connection', () => {
  it('21. 100 concurrent calls on an expired token cause exactly one refresh; the rotated token is stored', async () => {
    const { get, store, refreshes, calls } = await connected(
      expired(),
      fakeEnvoy((token) => token === 'at-SECRET-new1', 20),
    )
    const responses = await Promise.all(Array.from({ length: 100 }, () => get()))
    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200))
    expect(refreshes()).toHaveLength(1)
    expect(refreshes()[0]?.body).toBe(
      '{"grant_type":"refresh_token","refresh_token":"rt-SECRET-old","client_id":"envoy-client","client_secret":"envoy-SECRET-client"}',
    )
    expect(refreshes()[0]?.headers['content-type']).toBe('application/json')
    const apiCalls = calls.filter((call) => !isRefresh(call))
    expect(apiCalls).toHaveLength(100)
    expect(new Set(apiCalls.map((call) => call.headers.authorization))).toEqual(
      new Set(['Bearer at-SECRET-new1']),
    )
    expect(await store.getConnection(key)).toMatchObject({
      status: 'connected',
      accessToken: 'at-SECRET-new1',
      refreshToken: 'rt-SECRET-new1',
      companyId: '10000',
    })
  })

  it('21. also with a token endpoint that answers at once', async () => {
    const { get, refreshes } = await connected(
      expired(),
      fakeEnvoy((token) => token === 'at-SECRET-new1'),
    )
    const responses = await Promise.all(Array.from({ length: 100 }, () => get()))
    expect(responses.every((response) => response.status === 200)).toBe(true)
    expect(refreshes()).toHaveLength(1)
  })

  it('21. refreshes before expiry (within a minute), and the next refresh sends the rotated token', async () => {
    const { get, store, refreshes } = await connected(
      storedConnection({ expiresAt: Date.now() + 30_000 }),
      fakeEnvoy((token) => token.startsWith('at-SECRET-new')),
    )
    expect((await get()).status).toBe(200)
    expect(refreshes()).toHaveLength(1)
    await store.update(key, (current) => ({
      ...(current as ConnectedConnection),
      expiresAt: Date.now() - 1,
    }))
    expect((await get()).status).toBe(200)
    expect(refreshes()).toHaveLength(2)
    expect(JSON.parse(refreshes()[1]?.body ?? '{}').refresh_token).toBe('rt-SECRET-new1')
    expect(await store.getConnection(key)).toMatchObject({ refreshToken: 'rt-SECRET-new2' })
  })

  it('21. an upstream 401 on a fresh token refreshes once and retries once, never more', async () => {
    const accepted = await connected(
      storedConnection(),
      fakeEnvoy((token) => token === 'at-SECRET-new1'),
    )
    expect((await accepted.get()).status).toBe(200)
    expect(accepted.calls.map((call) => (isRefresh(call) ? 'refresh' : 'api'))).toEqual([
      'api',
      'refresh',
      'api',
    ])

    const refused = await connected(
      storedConnection(),
      fakeEnvoy(() => false),
    )
    const response = await refused.get()
    expect(response.status).toBe(401)
    expect(refused.calls).toHaveLength(3)
  })

  it('21. invalid_grant on refresh marks the connection disconnected (revoked, tokens deleted) and answers envoy_disconnected', async () => {
    const { get, store, refreshes, calls, app, cookie } = await connected(expired(), (call) =>
      isRefresh(call)
        ? Response.json(
            { error: 'invalid_grant', error_description: 'The refresh token was revoked' },
            { status: 400 },
          )
        : Response.json(locations),
    )
    const responses = await Promise.all(Array.from({ length: 20 }, () => get()))
    for (const response of responses) {
      expect(response.status).toBe(401)
      const problem = await response.json()
      expect(problem.code).toBe('envoy_disconnected')
      expect(problem.hint).toMatch(/Connect Envoy again/)
    }
    expect(refreshes()).toHaveLength(1)
    const stored = await store.getConnection(key)
    expect(stored).toMatchObject({ status: 'disconnected', reason: 'revoked', companyId: '10000' })
    expect(JSON.stringify(stored)).not.toContain('SECRET')
    const status = await app.request(
      bffRequest('GET', '/bff/envoy/connection?via=direct', { cookie }),
    )
    expect(await status.json()).toEqual({
      status: 'disconnected',
      via: 'direct',
      reason: 'revoked',
      companyId: '10000',
      scopes: ['locations.read', 'token.refresh'],
    })
    const callsBefore = calls.length
    expect((await get()).status).toBe(401)
    expect(calls).toHaveLength(callsBefore)
  })

  it('a connection without a refresh token is disconnected (expired) once its token expires', async () => {
    const { get, store, refreshes } = await connected(
      storedConnection({ expiresAt: Date.now() - 1, refreshToken: undefined }),
      fakeEnvoy(() => true),
    )
    expect((await get()).status).toBe(401)
    expect(refreshes()).toHaveLength(0)
    expect(await store.getConnection(key)).toMatchObject({
      status: 'disconnected',
      reason: 'expired',
    })
  })

  it('other refresh failures leave the connection as it was', async () => {
    const { get, store } = await connected(expired(), (call) =>
      isRefresh(call) ? new Response('down', { status: 503 }) : Response.json(locations),
    )
    const response = await get()
    expect(response.status).toBe(503)
    expect((await response.json()).code).toBe('upstream_unavailable')
    expect(await store.getConnection(key)).toMatchObject({
      status: 'connected',
      refreshToken: 'rt-SECRET-old',
    })
  })
})

describe('20. Envoy upstream calls time out through the shared helper', () => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
  })

  it('20. an Envoy API that never answers gives 504 within the timeout', async () => {
    const dead = await fakeUpstream(() => {})
    closers.push(dead.close)
    const { get } = await connected(storedConnection(), (call) => fetch(call.url, call.init), {
      upstreamTimeoutMs: 300,
      envoy: { apiUrl: dead.url },
    })
    const started = Date.now()
    const response = await get()
    expect(response.status).toBe(504)
    expect((await response.json()).code).toBe('timeout')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(dead.requests).toHaveLength(1)
  })

  it('20. a dead token endpoint during refresh gives 504 and keeps the connection', async () => {
    const dead = await fakeUpstream(() => {})
    closers.push(dead.close)
    const { get, store } = await connected(expired(), (call) => fetch(call.url, call.init), {
      upstreamTimeoutMs: 300,
      envoy: { authUrl: dead.url },
    })
    const response = await get()
    expect(response.status).toBe(504)
    expect(await store.getConnection(key)).toMatchObject({ refreshToken: 'rt-SECRET-old' })
  })

  it('20. a slow code exchange gives 504 and stores nothing', async () => {
    const dead = await fakeUpstream(() => {})
    closers.push(dead.close)
    const { app, cookie, store } = await connected(
      undefined,
      (call) => fetch(call.url, call.init),
      {
        upstreamTimeoutMs: 300,
        envoy: { authUrl: dead.url },
      },
    )
    const state = await bindState(app, cookie, 'envoy')
    const response = await app.request(
      bffRequest('POST', '/bff/auth/envoy/exchange', {
        cookie,
        body: { code: 'c', redirectUri: 'http://localhost:5173/oauth/callback/envoy', state },
      }),
    )
    expect(response.status).toBe(504)
    expect(await store.getConnection(key)).toBeUndefined()
    expect(dead.requests).toHaveLength(1)
  })

  it('20. a huge Envoy answer is cut off', async () => {
    const { get } = await connected(
      storedConnection(),
      () => Response.json({ pad: 'x'.repeat(200_000) }),
      { maxUpstreamBytes: 64 * 1024 },
    )
    const response = await get()
    expect(response.status).toBe(502)
    expect((await response.json()).code).toBe('invalid_response')
  })
})
