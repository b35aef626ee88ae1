import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  oauth2Tokens,
  type RecordedCall,
  type Responder,
  signIn,
  testBff,
  testOrg,
} from '../__tests__/bffTestKit.js'

const users = { users: [{ email: 'ada@example.test', name: 'Ada' }] }

/**
 * Rhombus during a sign-in: the token request, then the account confirmed as the Rhombus
 * CLI does (getOrgV2 200 for a standard account; 403, then getClientsV2 and getOrgV2 with
 * the partner scheme, for a partner).
 */
const account =
  (kind: 'standard' | 'partner') =>
  (call: RecordedCall): Response => {
    if (call.url.endsWith('/oauth/token')) return oauth2Tokens()
    const partnerScheme = call.headers['x-auth-scheme'] === 'partner-api-oauth-token'
    if (call.url.endsWith('/api/org/getOrgV2')) {
      return kind === 'partner' && !partnerScheme
        ? Response.json({ error: true, errorMsg: 'partner' }, { status: 403 })
        : Response.json({ org: testOrg })
    }
    if (call.url.endsWith('/api/partner/getClientsV2') && kind === 'partner') {
      return Response.json({ clients: [] })
    }
    return Response.json({ error: true }, { status: 403 })
  }

/**
 * Signs in (as a standard account unless told, with `extra` in the exchange body), then
 * answers API calls with `api`; `apiCalls()` are the calls after the sign-in.
 */
async function signedIn(
  api: Responder = () => Response.json(users),
  options: Parameters<typeof testBff>[0] = {},
  kind: 'standard' | 'partner' = 'standard',
  extra: Record<string, unknown> = {},
) {
  let signingIn = true
  let apiIndex = 0
  const bff = testBff({
    respond: (call) => (signingIn ? account(kind)(call) : api(call, apiIndex++)),
    ...options,
  })
  const cookie = await signIn(bff.app, extra)
  signingIn = false
  const signInCalls = bff.calls.length
  return { ...bff, cookie, apiCalls: () => bff.calls.slice(signInCalls) }
}

describe('17. Rhombus API proxy', () => {
  it('forwards to {apiUrl}/api/<path> with the api-oauth-token scheme and only content-type and accept', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        text: '{"big":12345678901234567890}',
        cookie,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          authorization: 'Bearer browser',
          'x-auth-scheme': 'api-token',
          'x-forwarded-for': '1.2.3.4',
        },
      }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual(users)
    const [call] = apiCalls()
    expect(call?.url).toBe('https://api.test/api/user/getUsersInOrg')
    expect(call?.method).toBe('POST')
    expect(call?.headers).toEqual({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-auth-scheme': 'api-oauth-token',
      'x-auth-access-token': 'at-SECRET-access',
    })
    expect(call?.body).toBe('{"big":12345678901234567890}')
    expect(call?.init.redirect).toBe('manual')
  })

  it('uses partner-api-oauth-token for sessions Rhombus confirmed as partner', async () => {
    const { app, cookie, apiCalls } = await signedIn(() => Response.json({}), {}, 'partner')
    await app.request(
      bffRequest('POST', '/bff/rhombus/api/partner/getCustomers', { body: {}, cookie }),
    )
    expect(apiCalls()).toHaveLength(1)
    expect(apiCalls()[0]?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')
  })

  it("24. a callback's isPartner does not make a standard account's calls partner calls", async () => {
    const { app, cookie, apiCalls } = await signedIn(undefined, {}, 'standard', {
      isPartner: true,
    })
    await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(apiCalls()).toHaveLength(1)
    expect(apiCalls()[0]?.headers['x-auth-scheme']).toBe('api-oauth-token')
  })

  it('GET forwards no body; an API path prefix in apiUrl is kept', async () => {
    const { app, cookie, apiCalls } = await signedIn(undefined, {
      rhombus: { apiUrl: 'http://127.0.0.1:9/rhombus/api/' },
    })
    const response = await app.request(
      bffRequest('GET', '/bff/rhombus/api/camera/list', { cookie }),
    )
    expect(response.status).toBe(200)
    expect(apiCalls()[0]?.url).toBe('http://127.0.0.1:9/rhombus/api/api/camera/list')
    expect(apiCalls()[0]?.body).toBeUndefined()
    expect(apiCalls()[0]?.headers['content-type']).toBeUndefined()
  })

  it('17. cookies and the CSRF header are not forwarded upstream', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie: `${cookie}; other=1`,
      }),
    )
    const headers = apiCalls()[0]?.headers ?? {}
    expect(Object.keys(headers)).not.toContain('cookie')
    expect(Object.keys(headers)).not.toContain('x-doorway-csrf')
    expect(Object.keys(headers)).not.toContain('origin')
    expect(JSON.stringify(apiCalls()[0])).not.toContain('doorway_session')
  })

  it('17. answers with the upstream status and JSON body, without upstream headers or Set-Cookie', async () => {
    const { app, cookie } = await signedIn(() =>
      Response.json(
        { error: true, errorMsg: 'nope' },
        { status: 403, headers: { 'set-cookie': 'upstream=1', 'x-upstream': 'yes' } },
      ),
    )
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ error: true, errorMsg: 'nope' })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(response.headers.get('x-upstream')).toBeNull()
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8')
  })

  it.each([
    [
      'HTML',
      () =>
        new Response('<script>alert(1)</script>', {
          status: 200,
          headers: { 'content-type': 'text/html' },
        }),
      502,
    ],
    ['a 404 page', () => new Response('Not Found', { status: 404 }), 404],
    [
      'a redirect',
      () => new Response(null, { status: 302, headers: { location: 'https://evil.test/' } }),
      502,
    ],
  ] as [string, Responder, number][])(
    '17. never relays a non-JSON answer (%s)',
    async (_, api, status) => {
      const { app, cookie, apiCalls } = await signedIn(api)
      const response = await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/x', { body: {}, cookie }),
      )
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      expect((await response.json()).code).toBe('upstream_error')
      expect(apiCalls()).toHaveLength(1)
    },
  )

  it('17. without a session: 401 unauthenticated and no upstream request', async () => {
    const { app, calls } = testBff()
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {} }),
    )
    expect(response.status).toBe(401)
    expect((await response.json()).code).toBe('unauthenticated')
    expect(calls).toHaveLength(0)
  })

  it.each([
    '/bff/rhombus/api/',
    '/bff/rhombus/api',
    '/bff/rhombus/api/user/%2e%2e%2fadmin',
    '/bff/rhombus/api/user/..%2Fadmin',
    '/bff/rhombus/api/user/%2E%2E%2F%2E%2E%2Fconfig',
    '/bff/rhombus/api/user%2fgetUsersInOrg',
    '/bff/rhombus/api/user%2FgetUsersInOrg',
    '/bff/rhombus/api/user%5cgetUsersInOrg',
    '/bff/rhombus/api/user%5CgetUsersInOrg',
    '/bff/rhombus/api/user/%2e',
    '/bff/rhombus/api/user//getUsersInOrg',
    '/bff/rhombus/api//evil.test/api/x',
    '/bff/rhombus/api/https:%2F%2Fevil.test%2Fapi%2Fx',
    '/bff/rhombus/api/https:/evil.test/x',
    '/bff/rhombus/api/user@evil.test/x',
    '/bff/rhombus/api/user.getUsersInOrg',
    '/bff/rhombus/api/user/get%00Users',
    '/bff/rhombus/api/user/get%20Users',
    '/bff/rhombus/api/user/getUsersInOrg?next=https://evil.test',
    '/bff/rhombus/api/%40evil.test',
  ])('17. %s is 400 and sends no token anywhere', async (path) => {
    const { app, cookie, apiCalls } = await signedIn()
    for (const method of ['GET', 'POST']) {
      const response = await app.request(
        bffRequest(method, path, { cookie, ...(method === 'POST' && { body: {} }) }),
      )
      expect(response.status, `${method} ${path}`).toBe(400)
      expect((await response.json()).code).toBe('bad_request')
    }
    expect(apiCalls()).toHaveLength(0)
  })

  it('17. dot segments resolve before routing, so they never reach the proxy or leave /api/', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    for (const path of [
      '/bff/rhombus/api/../../session',
      '/bff/rhombus/api/%2e%2e/%2e%2e/config',
      '/bff/rhombus/api/user/../../../etc/passwd',
    ]) {
      const response = await app.request(bffRequest('POST', path, { cookie, body: {} }))
      expect(response.status, path).toBeGreaterThanOrEqual(400)
      expect(response.status, path).toBeLessThan(500)
    }
    expect(apiCalls()).toHaveLength(0)
  })

  it('17. Host-header tricks do not move the upstream', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    for (const headers of [
      { host: 'evil.test' } as Record<string, string>,
      { 'x-forwarded-host': 'evil.test' },
      { 'x-original-url': 'https://evil.test/api/x' },
    ]) {
      await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { cookie, body: {}, headers }),
      )
    }
    const absolute = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        cookie,
        body: {},
        base: 'http://evil.test',
      }),
    )
    expect(absolute.status).toBe(200)
    expect(apiCalls().map((call) => new URL(call.url).origin)).toEqual(
      Array(4).fill('https://api.test'),
    )
  })

  it('17. only GET and POST are proxied', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const response = await app.request(
        bffRequest(method, '/bff/rhombus/api/user/x', { cookie, body: {} }),
      )
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, POST, HEAD')
    }
    expect(apiCalls()).toHaveLength(0)
  })

  it('POST bodies must be JSON', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    const form = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/x', {
        cookie,
        text: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    )
    expect(form.status).toBe(415)
    const broken = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/x', {
        cookie,
        text: '{',
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect(broken.status).toBe(400)
    expect(apiCalls()).toHaveLength(0)
  })
})

describe('acting for a client org (x-doorway-org)', () => {
  /** A session Rhombus confirmed as a partner's; `apiCalls()` are the calls after the sign-in. */
  async function partner() {
    const bff = await signedIn(undefined, {}, 'partner')
    const call = (headers: Record<string, string>) =>
      bff.app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
          body: {},
          cookie: bff.cookie,
          headers,
        }),
      )
    return { ...bff, call }
  }

  it('a partner session forwards x-doorway-org as x-auth-org', async () => {
    const { apiCalls, call } = await partner()
    const response = await call({ 'x-doorway-org': 'org-ACME_01' })
    expect(response.status).toBe(200)
    expect(apiCalls()).toHaveLength(1)
    expect(apiCalls()[0]?.headers).toMatchObject({
      'x-auth-scheme': 'partner-api-oauth-token',
      'x-auth-org': 'org-ACME_01',
    })
    expect(apiCalls()[0]?.headers['x-doorway-org']).toBeUndefined()
  })

  it('without x-doorway-org a partner call carries no x-auth-org', async () => {
    const { apiCalls, call } = await partner()
    expect((await call({})).status).toBe(200)
    expect(apiCalls()).toHaveLength(1)
    expect(apiCalls()[0]?.headers['x-auth-org']).toBeUndefined()
  })

  it.each([
    ['empty', ''],
    ['too long', 'a'.repeat(65)],
    ['a slash', 'org/../x'],
    ['a dot', 'org.x'],
    ['a space', 'org x'],
    ['a comma list', 'a,b'],
  ])('a malformed x-doorway-org (%s) is 400 and sends nothing', async (_, value) => {
    const { apiCalls, call } = await partner()
    const response = await call({ 'x-doorway-org': value })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'bad_request' })
    expect(apiCalls()).toHaveLength(0)
  })

  it('accepts 64 characters', async () => {
    const { apiCalls, call } = await partner()
    expect((await call({ 'x-doorway-org': 'a'.repeat(64) })).status).toBe(200)
    expect(apiCalls()[0]?.headers['x-auth-org']).toBe('a'.repeat(64))
  })

  it('a session that is not partner gets 400 for x-doorway-org and sends nothing', async () => {
    const { app, cookie, apiCalls } = await signedIn()
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie,
        headers: { 'x-doorway-org': 'org-ACME' },
      }),
    )
    expect(response.status).toBe(400)
    expect((await response.json()).detail).toContain('partner')
    expect(apiCalls()).toHaveLength(0)
  })

  it.each([
    ['a partner', true],
    ['a standard', false],
  ])('a client-supplied x-auth-org is never forwarded (%s session: 400)', async (_, isPartner) => {
    const { app, cookie, apiCalls } = await signedIn(
      undefined,
      {},
      isPartner ? 'partner' : 'standard',
    )
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie,
        headers: { 'x-auth-org': 'org-ACME' },
      }),
    )
    expect(response.status).toBe(400)
    expect((await response.json()).detail).toContain('x-doorway-org')
    expect(apiCalls()).toHaveLength(0)
  })
})
