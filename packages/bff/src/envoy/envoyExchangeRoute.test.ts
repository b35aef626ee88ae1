import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  bindState,
  envoyRedirectUri,
  envoySettings,
  jwtAccessToken,
  newState,
  oauth2Tokens,
  type Responder,
  sessionCookie,
  signIn,
  testBff,
} from '../__tests__/bffTestKit.js'
import type { DoorwayBff } from '../createDoorwayBff.js'
import type { CredentialStore, StoredConnection } from '../store/CredentialStore.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'
import { envoyConnectionKey } from './createEnvoyRefresher.js'

const envoyTokens = (overrides: Record<string, unknown> = {}) =>
  Response.json({
    token_type: 'Bearer',
    access_token: 'envoy-at-SECRET',
    expires_in: 86400,
    refresh_token: 'envoy-rt-SECRET',
    refresh_token_expires_in: 2592000,
    state: null,
    company_id: '10000',
    ...overrides,
  })

const exchangeRequest = (cookie: string, body: Record<string, unknown>) =>
  bffRequest('POST', '/bff/auth/envoy/exchange', {
    cookie,
    body: { code: 'envoy-code-SECRET', redirectUri: envoyRedirectUri, ...body },
  })

/**
 * The exchange as the browser makes it: the attempt's state registered for this session
 * first (`POST /auth/envoy/state`), then sent with the code. A `state` in `body` is sent
 * as it is, registered or not.
 */
const exchange = async (app: DoorwayBff, cookie: string, body: Record<string, unknown> = {}) =>
  exchangeRequest(cookie, {
    state: 'state' in body ? body.state : await bindState(app, cookie, 'envoy'),
    ...body,
  })

const isTokenRequest = (call: { url: string }) => call.url.endsWith('/a/auth/v0/token')

async function envoyBff(
  respond: Responder = () => envoyTokens(),
  options: Parameters<typeof testBff>[0] = {},
) {
  const bff = testBff({ envoy: {}, respond, ...options })
  return { ...bff, cookie: await sessionCookie(bff.store, 'user-1') }
}

describe('POST /auth/envoy/exchange (direct)', () => {
  it("sends Envoy's exact JSON token request, byte for byte, once", async () => {
    const { app, calls, cookie } = await envoyBff()
    const response = await app.request(await exchange(app, cookie))
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('https://envoy-app.test/a/auth/v0/token')
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
    })
    expect(calls[0]?.body).toBe(
      '{"grant_type":"authorization_code","code":"envoy-code-SECRET","client_id":"envoy-client","client_secret":"envoy-SECRET-client"}',
    )
    expect(calls[0]?.init.redirect).toBe('manual')
  })

  it('stores the connection for the user and answers a summary without tokens', async () => {
    const { app, store, cookie } = await envoyBff()
    const before = Date.now()
    const response = await app.request(await exchange(app, cookie))
    const text = await response.text()
    expect(text).not.toContain('SECRET')
    const summary = JSON.parse(text)
    expect(summary).toEqual({
      status: 'connected',
      via: 'direct',
      companyId: '10000',
      scopes: ['locations.read', 'token.refresh'],
      expiresAt: expect.any(Number),
    })
    expect(summary.expiresAt).toBeGreaterThanOrEqual(before + 86400_000)
    const stored = await store.getConnection(envoyConnectionKey('user-1'))
    expect(stored).toMatchObject({
      via: 'direct',
      status: 'connected',
      companyId: '10000',
      accessToken: 'envoy-at-SECRET',
      refreshToken: 'envoy-rt-SECRET',
      expiresAt: summary.expiresAt,
      refreshExpiresAt: expect.any(Number),
    })
    const status = await app.request(
      bffRequest('GET', '/bff/envoy/connection?via=direct', { cookie }),
    )
    expect(await status.json()).toEqual(summary)
  })

  it('keys connections by the Rhombus JWT sub, so a second sign-in finds them', async () => {
    const { app, store } = testBff({
      envoy: {},
      respond: (call) =>
        call.url.includes('envoy')
          ? envoyTokens()
          : oauth2Tokens({ access_token: jwtAccessToken('rhombus-user-7') }),
    })
    const first = await signIn(app)
    expect((await app.request(await exchange(app, first))).status).toBe(200)
    expect(await store.getConnection(envoyConnectionKey('rhombus-user-7'))).toBeDefined()
    const second = await signIn(app)
    const status = await app.request(
      bffRequest('GET', '/bff/envoy/connection?via=direct', { cookie: second }),
    )
    expect(await status.json()).toMatchObject({ status: 'connected', companyId: '10000' })
  })

  it.each(['userUuid', 'user_uuid'] as const)('takes %s when there is no sub', async (claim) => {
    const { app, store } = testBff({
      envoy: {},
      respond: (call) =>
        call.url.includes('envoy')
          ? envoyTokens()
          : oauth2Tokens({ access_token: jwtAccessToken('uuid-9', claim) }),
    })
    await app.request(await exchange(app, await signIn(app)))
    expect(await store.getConnection(envoyConnectionKey('uuid-9'))).toBeDefined()
  })

  it('16. an opaque Rhombus token gives a random user id, whose Envoy tokens sign-out forgets', async () => {
    const memory = createMemoryCredentialStore()
    const put: StoredConnection[] = []
    const store: CredentialStore = {
      ...memory,
      putConnection: (connection) => {
        put.push(connection)
        return memory.putConnection(connection)
      },
    }
    const { app } = testBff({
      envoy: {},
      store,
      respond: (call) => (call.url.includes('envoy') ? envoyTokens() : oauth2Tokens()),
    })
    const cookie = await signIn(app)
    expect((await app.request(await exchange(app, cookie))).status).toBe(200)
    const other = await signIn(app)
    const otherStatus = await app.request(
      bffRequest('GET', '/bff/envoy/connection?via=direct', { cookie: other }),
    )
    expect(await otherStatus.json()).toEqual({ status: 'disconnected', via: 'direct' })
    const key = envoyConnectionKey(put[0]?.userId ?? '')
    expect(key.userId).toMatch(/^[0-9a-f-]{36}$/)
    expect(await store.getConnection(key)).toBeDefined()
    await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(await store.getConnection(key)).toBeUndefined()
  })

  it('16. a JWT user keeps the connection after sign-out', async () => {
    const { app, store } = testBff({
      envoy: {},
      respond: (call) =>
        call.url.includes('envoy')
          ? envoyTokens()
          : oauth2Tokens({ access_token: jwtAccessToken('stable-user') }),
    })
    const cookie = await signIn(app)
    await app.request(await exchange(app, cookie))
    await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(await store.getConnection(envoyConnectionKey('stable-user'))).toBeDefined()
  })

  it('a redirect URI that differs in any way is redirect_uri_mismatch before any upstream call', async () => {
    const { app, calls, store, cookie } = await envoyBff()
    for (const other of [
      `${envoyRedirectUri}/`,
      envoyRedirectUri.replace('5173', '5174'),
      envoyRedirectUri.replace('envoy', 'rhombus'),
      envoyRedirectUri.toUpperCase(),
    ]) {
      const response = await app.request(await exchange(app, cookie, { redirectUri: other }))
      expect(response.status).toBe(400)
      expect((await response.json()).code).toBe('redirect_uri_mismatch')
    }
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
  })

  it.each([
    ['invalid_grant', Response.json({ error: 'invalid_grant' }, { status: 400 }), 400],
    ['invalid_client', Response.json({ error: 'invalid_client' }, { status: 401 }), 502],
    ['upstream_unavailable', new Response('down', { status: 500 }), 502],
    ['invalid_response', Response.json({ token_type: 'Bearer' }), 502],
    ['invalid_response', Response.json({ access_token: 'a', expires_in: 'soon' }), 502],
    ['timeout', new Promise<Response>(() => {}), 504],
  ] as const)(
    '18. %s: one request, never retried, nothing stored',
    async (code, answer, status) => {
      const { app, calls, store, cookie } = await envoyBff(() => answer, { upstreamTimeoutMs: 50 })
      const response = await app.request(await exchange(app, cookie))
      expect(response.status).toBe(status)
      expect((await response.json()).code).toBe(code)
      expect(calls).toHaveLength(1)
      expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
    },
  )

  it('a state echoed by Envoy must be the one the browser sent', async () => {
    const mine = newState()
    const { app, store, cookie } = await envoyBff(() => envoyTokens({ state: newState() }))
    await bindState(app, cookie, 'envoy', mine)
    const response = await app.request(await exchange(app, cookie, { state: mine }))
    expect(response.status).toBe(400)
    expect((await response.json()).code).toBe('state_mismatch')
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
    const echoed = await envoyBff(() => envoyTokens({ state: mine }))
    await bindState(echoed.app, echoed.cookie, 'envoy', mine)
    expect(
      (await echoed.app.request(await exchange(echoed.app, echoed.cookie, { state: mine }))).status,
    ).toBe(200)
  })

  it('401 unauthenticated without a session; 501 not_configured without Envoy', async () => {
    const { app, calls } = await envoyBff()
    const anonymous = await app.request(
      bffRequest('POST', '/bff/auth/envoy/exchange', {
        body: { code: 'c', redirectUri: envoyRedirectUri, state: newState() },
      }),
    )
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).code).toBe('unauthenticated')
    const plain = testBff()
    const response = await plain.app.request(
      exchangeRequest(await sessionCookie(plain.store, 'user-1'), { state: newState() }),
    )
    expect(response.status).toBe(501)
    expect((await response.json()).code).toBe('not_configured')
    expect([...calls, ...plain.calls]).toHaveLength(0)
  })

  it('GET /config shows the public Envoy data, never the secret', async () => {
    const { app } = testBff({ envoy: {}, rhombus: { apiKey: 'rhombus-SECRET-key' } })
    const response = await app.request(bffRequest('GET', '/bff/config', { csrf: false }))
    const text = await response.text()
    const config = JSON.parse(text)
    expect(config.providers.envoy).toEqual({
      clientId: envoySettings.clientId,
      authorizeUrl: 'https://envoy-app.test/a/auth/v0/authorize',
      scope: 'locations.read token.refresh',
      redirectUri: envoyRedirectUri,
      pkce: false,
    })
    expect(config.connect).toEqual({ direct: true, rhombus: true, versori: false })
    expect(config.versori).toBeUndefined()
    expect(text).not.toContain('SECRET')
    expect(text).not.toContain('envoy-api.test')
  })
})

describe('26. an Envoy state is bound to the session on the server', () => {
  const expectRefused = async (response: Response) => {
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect((await response.json()).code).toBe('state_mismatch')
  }

  it('26. a code without a state makes no token request: 400 state_mismatch, nothing stored', async () => {
    const { app, calls, store, cookie } = await envoyBff()
    await bindState(app, cookie, 'envoy')
    await expectRefused(await app.request(exchangeRequest(cookie, {})))
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
  })

  it('26. a code with an unknown state (never registered) makes no token request', async () => {
    const { app, calls, store, cookie } = await envoyBff()
    await bindState(app, cookie, 'envoy')
    await expectRefused(await app.request(exchangeRequest(cookie, { state: newState() })))
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
  })

  it('26. a code with a used state makes no second token request', async () => {
    const { app, calls, store, cookie } = await envoyBff()
    const state = await bindState(app, cookie, 'envoy')
    expect((await app.request(exchangeRequest(cookie, { state }))).status).toBe(200)
    expect(calls.filter(isTokenRequest)).toHaveLength(1)
    await store.deleteConnection(envoyConnectionKey('user-1'))
    await expectRefused(await app.request(exchangeRequest(cookie, { state })))
    expect(calls.filter(isTokenRequest)).toHaveLength(1)
    expect(calls).toHaveLength(1)
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
  })

  it("26. a code with another session's state makes no token request, and leaves that state to its session", async () => {
    const { app, calls, store, cookie } = await envoyBff()
    // Another session of the same user is another session: the state is bound to the session.
    const sameUser = await sessionCookie(store, 'user-1')
    const otherUser = await sessionCookie(store, 'user-2')
    const state = await bindState(app, cookie, 'envoy')
    await expectRefused(await app.request(exchangeRequest(otherUser, { state })))
    await expectRefused(await app.request(exchangeRequest(sameUser, { state })))
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(envoyConnectionKey('user-2'))).toBeUndefined()
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toBeUndefined()
    // The owner's attempt is unharmed.
    expect((await app.request(exchangeRequest(cookie, { state }))).status).toBe(200)
    expect(calls.filter(isTokenRequest)).toHaveLength(1)
  })

  it('26. a code with a state registered more than 10 minutes ago makes no token request', async () => {
    let skew = 0
    const bff = testBff({
      envoy: {},
      respond: () => envoyTokens(),
      store: createMemoryCredentialStore({ now: () => Date.now() + skew }),
    })
    const cookie = await sessionCookie(bff.store, 'user-1')
    const state = await bindState(bff.app, cookie, 'envoy')
    skew = 10 * 60_000 + 1000
    // The session itself lives an hour: only the state has expired.
    const session = await bff.app.request(bffRequest('GET', '/bff/session', { cookie }))
    expect(await session.json()).toMatchObject({ authenticated: true })
    await expectRefused(await bff.app.request(exchangeRequest(cookie, { state })))
    expect(bff.calls).toHaveLength(0)
  })

  it("26. a state from a signed-out session is dead: the new session's code makes no token request", async () => {
    const { app, calls, store } = testBff({
      envoy: {},
      respond: (call) =>
        call.url.includes('envoy')
          ? envoyTokens()
          : oauth2Tokens({ access_token: jwtAccessToken('rhombus-user-7') }),
    })
    const before = await signIn(app)
    const state = await bindState(app, before, 'envoy')
    await app.request(bffRequest('POST', '/bff/auth/signout', { cookie: before }))
    const after = await signIn(app)
    calls.length = 0
    await expectRefused(await app.request(exchangeRequest(after, { state })))
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(envoyConnectionKey('rhombus-user-7'))).toBeUndefined()
  })

  it('POST /auth/envoy/state needs a session and a state of 22 to 256 base64url characters; it stores nothing else', async () => {
    const { app, calls, cookie } = await envoyBff()
    const bind = (body: unknown, as: string | null = cookie) =>
      app.request(bffRequest('POST', '/bff/auth/envoy/state', { cookie: as ?? undefined, body }))
    const anonymous = await bind({ state: newState() }, null)
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).code).toBe('unauthenticated')
    for (const body of [
      {},
      { state: 42 },
      { state: 'a'.repeat(21) },
      { state: 'a'.repeat(257) },
      { state: `${'a'.repeat(30)}=` },
      { state: `${'a'.repeat(30)}/+` },
      [newState()],
      null,
    ]) {
      const response = await bind(body)
      expect(response.status).toBe(400)
      expect((await response.json()).code).toBe('bad_request')
    }
    for (const state of ['a'.repeat(22), 'Z_-9'.repeat(64)]) {
      expect((await bind({ state })).status).toBe(204)
    }
    // A state refused at registration cannot exchange a code either.
    const refused = await app.request(exchangeRequest(cookie, { state: 'a'.repeat(21) }))
    expect((await refused.json()).code).toBe('state_mismatch')
    expect(calls).toHaveLength(0)
  })

  it('POST /auth/envoy/state without CSRF header or from a foreign origin is refused, and binds nothing', async () => {
    const { app, calls, cookie } = await envoyBff()
    const state = newState()
    const noCsrf = await app.request(
      bffRequest('POST', '/bff/auth/envoy/state', { cookie, body: { state }, csrf: false }),
    )
    expect((await noCsrf.json()).code).toBe('csrf_rejected')
    const foreign = await app.request(
      bffRequest('POST', '/bff/auth/envoy/state', {
        cookie,
        body: { state },
        origin: 'https://evil.test',
      }),
    )
    expect((await foreign.json()).code).toBe('forbidden_origin')
    await expectRefused(await app.request(exchangeRequest(cookie, { state })))
    expect(calls).toHaveLength(0)
  })
})
