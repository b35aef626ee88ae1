import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  bindState,
  newState,
  oauth2Tokens,
  oidcRedirectUri,
  oidcSettings,
  type RequestOptions,
  type Responder,
  sessionCookie,
  signIn,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import type { ProviderConfig } from '../config/BffConfig.js'
import type { DoorwayBff } from '../createDoorwayBff.js'
import type {
  ConnectedConnection,
  CredentialStore,
  StoredConnection,
} from '../store/CredentialStore.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'

const oidcKey = (userId: string) => ({ userId, provider: 'oidc' })
const basic = `Basic ${Buffer.from('oidc-client:oidc-SECRET-client').toString('base64')}`

const tokens = (overrides: Record<string, unknown> = {}) =>
  Response.json({
    access_token: 'oidc-at-SECRET',
    token_type: 'Bearer',
    expires_in: 300,
    refresh_token: 'oidc-rt-SECRET',
    scope: 'openid profile',
    id_token: 'eyJ.id-token-SECRET.sig',
    ...overrides,
  })

const exchangeRequest = (cookie: string, body: Record<string, unknown> = {}, provider = 'oidc') =>
  bffRequest('POST', `/bff/auth/${provider}/exchange`, {
    cookie,
    body: {
      code: 'oidc-code-SECRET',
      codeVerifier: verifier,
      redirectUri: oidcRedirectUri,
      ...body,
    },
  })

/**
 * The exchange as the browser makes it: the attempt's state registered for this session
 * first (`POST /auth/oidc/state`), then sent with the code. A `state` in `body` is sent as
 * it is, registered or not.
 */
const exchange = async (app: DoorwayBff, cookie: string, body: Record<string, unknown> = {}) =>
  exchangeRequest(cookie, {
    state: 'state' in body ? body.state : await bindState(app, cookie, 'oidc'),
    ...body,
  })

async function oidcBff(
  respond: Responder = () => tokens(),
  overrides: Partial<ProviderConfig> = {},
  options: Parameters<typeof testBff>[0] = {},
) {
  const bff = testBff({
    respond,
    oauthProviders: { oidc: { ...oidcSettings, ...overrides } },
    ...options,
  })
  return { ...bff, cookie: await sessionCookie(bff.store, 'user-1') }
}

describe('POST /auth/:provider/exchange (OAuth provider)', () => {
  it('form + client_secret_basic + PKCE: the RFC 6749 §4.1.3 token request, once', async () => {
    const { app, calls, cookie } = await oidcBff()
    const response = await app.request(await exchange(app, cookie))
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('https://as.test/token')
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: basic,
    })
    expect(calls[0]?.body).toBe(
      `grant_type=authorization_code&code=oidc-code-SECRET&redirect_uri=${encodeURIComponent(oidcRedirectUri)}&code_verifier=${verifier}`,
    )
    expect(calls[0]?.init.redirect).toBe('manual')
  })

  it('client_secret_post puts the credentials in the form, never in a header', async () => {
    const { app, calls, cookie } = await oidcBff(undefined, { clientAuth: 'client_secret_post' })
    expect((await app.request(await exchange(app, cookie))).status).toBe(200)
    expect(calls[0]?.headers.authorization).toBeUndefined()
    expect(calls[0]?.body).toBe(
      `grant_type=authorization_code&code=oidc-code-SECRET&redirect_uri=${encodeURIComponent(oidcRedirectUri)}&code_verifier=${verifier}&client_id=oidc-client&client_secret=oidc-SECRET-client`,
    )
  })

  it('json + body without PKCE: a JSON body with the credentials, no verifier', async () => {
    const { app, calls, cookie } = await oidcBff(undefined, {
      encoding: 'json',
      clientAuth: 'body',
      pkce: false,
    })
    const response = await app.request(await exchange(app, cookie, { codeVerifier: undefined }))
    expect(response.status).toBe(200)
    expect(calls[0]?.headers['content-type']).toBe('application/json')
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      grant_type: 'authorization_code',
      code: 'oidc-code-SECRET',
      redirect_uri: oidcRedirectUri,
      client_id: 'oidc-client',
      client_secret: 'oidc-SECRET-client',
    })
  })

  it('stores the connection under the provider id and answers a summary without tokens', async () => {
    const { app, store, cookie } = await oidcBff()
    const before = Date.now()
    const response = await app.request(await exchange(app, cookie))
    const text = await response.text()
    expect(text).not.toContain('SECRET')
    const summary = JSON.parse(text)
    expect(summary).toEqual({
      status: 'connected',
      via: 'direct',
      scopes: ['openid', 'profile'],
      expiresAt: expect.any(Number),
    })
    expect(summary.expiresAt).toBeGreaterThanOrEqual(before + 300_000)
    const stored = await store.getConnection(oidcKey('user-1'))
    expect(stored).toMatchObject({
      provider: 'oidc',
      userId: 'user-1',
      status: 'connected',
      accessToken: 'oidc-at-SECRET',
      refreshToken: 'oidc-rt-SECRET',
      expiresAt: summary.expiresAt,
    })
    expect(JSON.stringify(stored)).not.toContain('id-token')
    expect(await store.getConnection({ userId: 'user-1', provider: 'envoy' })).toBeUndefined()
    const status = await app.request(bffRequest('GET', '/bff/connections/oidc', { cookie }))
    expect(await status.json()).toEqual(summary)
  })

  it('scopes are the configured ones when the token response names none, [] without any', async () => {
    const { app, cookie } = await oidcBff(() => tokens({ scope: undefined }))
    expect((await (await app.request(await exchange(app, cookie))).json()).scopes).toEqual([
      'openid',
      'profile',
    ])
    const bare = await oidcBff(() => tokens({ scope: undefined }), { scope: undefined })
    expect(
      (await (await bare.app.request(await exchange(bare.app, bare.cookie))).json()).scopes,
    ).toEqual([])
  })

  it('a redirect URI that differs in any way is redirect_uri_mismatch before any upstream call', async () => {
    const { app, calls, store, cookie } = await oidcBff()
    for (const other of [
      `${oidcRedirectUri}/`,
      `${oidcRedirectUri}?x=1`,
      oidcRedirectUri.replace('5173', '5174'),
      oidcRedirectUri.replace('oidc', 'envoy'),
      oidcRedirectUri.toUpperCase(),
    ]) {
      const response = await app.request(await exchange(app, cookie, { redirectUri: other }))
      expect(response.status).toBe(400)
      expect((await response.json()).code).toBe('redirect_uri_mismatch')
    }
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(oidcKey('user-1'))).toBeUndefined()
  })

  it.each([
    ['missing', undefined, '"codeVerifier" is required'],
    ['42 characters', verifier.slice(0, 42), 'RFC 7636'],
    ['129 characters', 'a'.repeat(129), 'at most 128'],
    ['a "+"', `${verifier.slice(0, 42)}+`, 'RFC 7636'],
    ['a space', `${verifier.slice(0, 42)} `, 'RFC 7636'],
    ['a number', 42, '"codeVerifier"'],
  ])(
    '23. a verifier that is %s is bad_request before any call (RFC 7636 §4.1)',
    async (_, codeVerifier, detail) => {
      const { app, calls, store, cookie } = await oidcBff()
      const response = await app.request(await exchange(app, cookie, { codeVerifier }))
      expect(response.status).toBe(400)
      const problem = await response.json()
      expect(problem.code).toBe('bad_request')
      expect(problem.detail).toContain(detail)
      expect(calls).toHaveLength(0)
      expect(await store.getConnection(oidcKey('user-1'))).toBeUndefined()
    },
  )

  it('a provider without PKCE refuses a verifier rather than send it', async () => {
    const { app, calls, cookie } = await oidcBff(undefined, { pkce: false })
    const response = await app.request(await exchange(app, cookie))
    expect(response.status).toBe(400)
    expect((await response.json()).detail).toContain('does not use PKCE')
    expect(calls).toHaveLength(0)
  })

  it.each([
    ['invalid_grant', Response.json({ error: 'invalid_grant' }, { status: 400 }), 400],
    ['invalid_client', Response.json({ error: 'invalid_client' }, { status: 401 }), 502],
    ['upstream_error', Response.json({ error: 'weird' }, { status: 400 }), 502],
    ['upstream_unavailable', new Response('down', { status: 500 }), 502],
    ['invalid_response', new Response('<html>', { status: 200 }), 502],
    ['invalid_response', Response.json({ token_type: 'Bearer' }), 502],
    ['invalid_response', Response.json({ access_token: 'a', token_type: 'mac' }), 502],
    ['timeout', new Promise<Response>(() => {}), 504],
  ] as const)(
    '18./19. %s: one request, never retried, nothing stored',
    async (code, answer, status) => {
      const { app, calls, store, cookie } = await oidcBff(
        () => answer,
        {},
        { upstreamTimeoutMs: 50 },
      )
      const response = await app.request(await exchange(app, cookie))
      expect(response.status).toBe(status)
      expect((await response.json()).code).toBe(code)
      expect(calls).toHaveLength(1)
      expect(await store.getConnection(oidcKey('user-1'))).toBeUndefined()
    },
  )

  it('an unknown provider is 404 not_found, with or without a session, and calls nothing', async () => {
    const { app, calls, cookie } = await oidcBff()
    for (const request of [
      exchangeRequest(cookie, { state: newState() }, 'github'),
      exchangeRequest('', { state: newState() }, 'github'),
      exchangeRequest(cookie, { state: newState() }, 'Oidc'),
      bffRequest('POST', '/bff/auth/github/state', { cookie, body: { state: newState() } }),
      bffRequest('GET', '/bff/connections/github', { cookie }),
      bffRequest('GET', '/bff/connections/rhombus', { cookie }),
      bffRequest('POST', '/bff/connections/github/disconnect', { cookie }),
    ]) {
      const response = await app.request(request)
      expect(response.status, request.url).toBe(404)
      expect((await response.json()).code).toBe('not_found')
    }
    expect(calls).toHaveLength(0)
  })

  it('401 unauthenticated without a session on every provider route', async () => {
    const { app, calls } = await oidcBff()
    for (const request of [
      exchangeRequest('', { state: newState() }),
      bffRequest('POST', '/bff/auth/oidc/state', { body: { state: newState() } }),
      bffRequest('GET', '/bff/connections/oidc'),
      bffRequest('POST', '/bff/connections/oidc/disconnect'),
    ]) {
      const response = await app.request(request)
      expect(response.status).toBe(401)
      expect((await response.json()).code).toBe('unauthenticated')
    }
    expect(calls).toHaveLength(0)
  })

  it('/auth/rhombus/exchange is still the Rhombus sign-in', async () => {
    const { app } = await oidcBff(() => oauth2Tokens())
    expect(await signIn(app)).toMatch(/^doorway_session=/)
  })
})

describe("26. an OAuth provider's state is bound to the session on the server", () => {
  it("26. a code with a missing, unknown, used or another session's state makes no token request", async () => {
    const { app, calls, store, cookie } = await oidcBff()
    const other = await sessionCookie(store, 'user-2')
    const refused = async (request: Request) => {
      const response = await app.request(request)
      expect(response.status).toBe(400)
      expect((await response.json()).code).toBe('state_mismatch')
    }
    const state = await bindState(app, cookie, 'oidc')
    await refused(exchangeRequest(cookie, {}))
    await refused(exchangeRequest(cookie, { state: newState() }))
    await refused(exchangeRequest(other, { state }))
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(oidcKey('user-2'))).toBeUndefined()
    expect((await app.request(exchangeRequest(cookie, { state }))).status).toBe(200)
    expect(calls).toHaveLength(1)
    await store.deleteConnection(oidcKey('user-1'))
    await refused(exchangeRequest(cookie, { state }))
    expect(calls).toHaveLength(1)
    expect(await store.getConnection(oidcKey('user-1'))).toBeUndefined()
  })
})

describe('GET /connections/:provider and POST /connections/:provider/disconnect', () => {
  const connected: ConnectedConnection = {
    ...oidcKey('user-1'),
    via: 'direct',
    status: 'connected',
    scopes: ['openid'],
    accessToken: 'at-SECRET',
    expiresAt: 1_900_000_000_000,
    updatedAt: 1,
  }

  it('reads the stored connection, never a token; disconnect forgets only that one', async () => {
    const { app, calls, store, cookie } = await oidcBff(undefined, {}, { envoy: {} })
    await store.putConnection(connected)
    const envoy = { ...connected, provider: 'envoy', scopes: ['locations.read'] }
    await store.putConnection(envoy)
    const status = await app.request(bffRequest('GET', '/bff/connections/oidc', { cookie }))
    const text = await status.text()
    expect(text).not.toContain('SECRET')
    expect(JSON.parse(text)).toEqual({
      status: 'connected',
      via: 'direct',
      scopes: ['openid'],
      expiresAt: 1_900_000_000_000,
    })
    const envoyStatus = await app.request(bffRequest('GET', '/bff/connections/envoy', { cookie }))
    const direct = await app.request(
      bffRequest('GET', '/bff/envoy/connection?via=direct', { cookie }),
    )
    expect(await envoyStatus.json()).toEqual(await direct.json())

    const gone = await app.request(
      bffRequest('POST', '/bff/connections/oidc/disconnect', { cookie }),
    )
    expect(await gone.json()).toEqual({ status: 'disconnected', via: 'direct' })
    expect(await store.getConnection(oidcKey('user-1'))).toBeUndefined()
    expect(await store.getConnection({ userId: 'user-1', provider: 'envoy' })).toEqual(envoy)
    const after = await app.request(bffRequest('GET', '/bff/connections/oidc', { cookie }))
    expect(await after.json()).toEqual({ status: 'disconnected', via: 'direct' })
    expect(calls).toHaveLength(0)
  })

  it('another user sees nothing of it', async () => {
    const { app, store } = await oidcBff()
    await store.putConnection(connected)
    const other = await sessionCookie(store, 'user-2')
    const status = await app.request(bffRequest('GET', '/bff/connections/oidc', { cookie: other }))
    expect(await status.json()).toEqual({ status: 'disconnected', via: 'direct' })
    await app.request(bffRequest('POST', '/bff/connections/oidc/disconnect', { cookie: other }))
    expect(await store.getConnection(oidcKey('user-1'))).toEqual(connected)
  })

  it('envoy unconfigured: 501 not_configured, as /envoy/connection', async () => {
    const { app, store } = await oidcBff()
    const cookie = await sessionCookie(store, 'user-1')
    for (const request of [
      bffRequest('GET', '/bff/connections/envoy', { cookie }),
      bffRequest('POST', '/bff/connections/envoy/disconnect', { cookie }),
      exchangeRequest(cookie, { codeVerifier: undefined, state: newState() }, 'envoy'),
      bffRequest('POST', '/bff/auth/envoy/state', { cookie, body: { state: newState() } }),
    ]) {
      const response = await app.request(request)
      expect(response.status).toBe(501)
      expect((await response.json()).code).toBe('not_configured')
    }
  })

  it('16. sign-out of a random-id user forgets their tokens at every provider', async () => {
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
      oauthProviders: { oidc: oidcSettings },
      respond: (call) => (call.url.startsWith('https://as.test') ? tokens() : oauth2Tokens()),
    })
    const cookie = await signIn(app)
    expect((await app.request(await exchange(app, cookie))).status).toBe(200)
    const userId = put[0]?.userId ?? ''
    expect(userId).toMatch(/^[0-9a-f-]{36}$/)
    expect(await store.getConnection(oidcKey(userId))).toBeDefined()
    await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(await store.getConnection(oidcKey(userId))).toBeUndefined()
  })
})

describe('GET /config lists OAuth providers, public data only', () => {
  it('providers.<id> is clientId, authorizeUrl, scope, redirectUri, issuer, pkce; no secret, no token endpoint', async () => {
    const { app } = testBff({
      envoy: {},
      oauthProviders: {
        oidc: oidcSettings,
        bare: {
          ...oidcSettings,
          clientSecret: 'bare-SECRET',
          scope: undefined,
          issuer: undefined,
          pkce: false,
        },
      },
    })
    const response = await app.request(bffRequest('GET', '/bff/config', { csrf: false }))
    const text = await response.text()
    const config = JSON.parse(text)
    expect(config.providers.oidc).toEqual({
      clientId: 'oidc-client',
      authorizeUrl: 'https://as.test/authorize?tenant=t1',
      scope: 'openid profile',
      redirectUri: oidcRedirectUri,
      issuer: 'https://as.test',
      pkce: true,
    })
    expect(config.providers.bare).toEqual({
      clientId: 'oidc-client',
      authorizeUrl: 'https://as.test/authorize?tenant=t1',
      redirectUri: oidcRedirectUri,
      pkce: false,
    })
    expect(config.providers.envoy).toMatchObject({ pkce: false })
    expect(config.providers.envoy.issuer).toBeUndefined()
    expect(Object.keys(config.providers)).toEqual(['rhombus', 'envoy', 'oidc', 'bare'])
    expect(text).not.toContain('SECRET')
    expect(text).not.toContain('/token')
    expect(text).not.toContain('client_secret')
  })

  it("15. a provider's redirect URI origin is an allowed Origin", async () => {
    const { app } = testBff({
      oauthProviders: { oidc: { ...oidcSettings, redirectUri: 'https://app.example/cb/oidc' } },
    })
    const allowed = await app.request(
      bffRequest('GET', '/bff/session', { origin: 'https://app.example' }),
    )
    expect(allowed.status).toBe(200)
    const foreign = await app.request(
      bffRequest('GET', '/bff/session', { origin: 'https://other.example' }),
    )
    expect(foreign.status).toBe(403)
  })
})

describe('23. bad input to the OAuth provider routes gets a clear 4xx problem and changes nothing', () => {
  const json = { 'content-type': 'application/json' }
  const valid = { code: 'c', codeVerifier: verifier, redirectUri: oidcRedirectUri }
  const cases: [string, string, string, RequestOptions, number, string][] = [
    [
      '/bff/auth/oidc/exchange',
      'malformed JSON',
      'POST',
      { text: '{"code":', headers: json },
      400,
      'bad_request',
    ],
    [
      '/bff/auth/oidc/exchange',
      'JSON null',
      'POST',
      { text: 'null', headers: json },
      400,
      'bad_request',
    ],
    ['/bff/auth/oidc/exchange', 'a JSON array', 'POST', { body: [valid] }, 400, 'bad_request'],
    [
      '/bff/auth/oidc/exchange',
      'a form body',
      'POST',
      { text: 'code=c', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'unsupported_media_type',
    ],
    [
      '/bff/auth/oidc/exchange',
      'a huge body',
      'POST',
      { body: { ...valid, pad: 'x'.repeat(70_000) } },
      413,
      'payload_too_large',
    ],
    [
      '/bff/auth/oidc/exchange',
      'a missing code',
      'POST',
      { body: { ...valid, code: undefined } },
      400,
      'bad_request',
    ],
    [
      '/bff/auth/oidc/exchange',
      'an empty code',
      'POST',
      { body: { ...valid, code: '' } },
      400,
      'bad_request',
    ],
    [
      '/bff/auth/oidc/exchange',
      'a missing redirectUri',
      'POST',
      { body: { ...valid, redirectUri: undefined } },
      400,
      'bad_request',
    ],
    [
      '/bff/auth/oidc/exchange',
      'an object state',
      'POST',
      { body: { ...valid, state: {} } },
      400,
      'bad_request',
    ],
    ['/bff/auth/oidc/exchange', 'a GET', 'GET', {}, 405, 'method_not_allowed'],
    ['/bff/connections/oidc', 'a POST', 'POST', { body: {} }, 405, 'method_not_allowed'],
    ['/bff/connections/oidc/disconnect', 'a GET', 'GET', {}, 405, 'method_not_allowed'],
    ['/bff/connections/oidc/extra', 'an unknown path', 'GET', {}, 404, 'not_found'],
  ]

  it.each(cases)('23. %s: %s', async (path, _, method, options, status, code) => {
    const { app, calls, store, cookie } = await oidcBff()
    const existing: ConnectedConnection = {
      ...oidcKey('user-1'),
      via: 'direct',
      status: 'connected',
      scopes: ['openid'],
      accessToken: 'at-SECRET',
      updatedAt: 1,
    }
    await store.putConnection(existing)
    const response = await app.request(bffRequest(method, path, { cookie, ...options }))
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    const problem = await response.json()
    expect(problem).toMatchObject({ status, code })
    expect(problem.detail.length).toBeGreaterThan(10)
    expect(calls).toHaveLength(0)
    expect(await store.getConnection(oidcKey('user-1'))).toEqual(existing)
  })
})
