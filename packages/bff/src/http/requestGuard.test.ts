import { describe, expect, it } from 'vitest'
import {
  appOrigin,
  bffRequest,
  oauth2Tokens,
  oidcSettings,
  rhombusApiKey,
  signIn,
  testBff,
} from '../__tests__/bffTestKit.js'

/** GET routes that are public reads: the only ones that may skip the CSRF header. */
const publicReads = new Set(['/bff/config', '/bff/session'])
/** Routes that work without a session: everything else needs a Rhombus sign-in. */
const anonymousRoutes = new Set([
  'GET /bff/config',
  'GET /bff/session',
  'POST /bff/auth/rhombus/exchange',
  'POST /bff/auth/signout',
])

/** The providers of `POST /auth/:provider/exchange` and `/connections/:provider` in the walk. */
const providerIds = ['envoy', 'oidc']

async function walkRoutes() {
  const { app, calls } = testBff({
    respond: () => oauth2Tokens(),
    allowedOrigins: ['https://partner.test'],
    rhombus: { apiKey: rhombusApiKey },
    envoy: {},
    versori: {},
    oauthProviders: { oidc: oidcSettings },
  })
  const cookie = await signIn(app)
  calls.length = 0
  const seen = new Set<string>()
  const cases: { method: string; path: string; csrfRequired: boolean }[] = []
  // Middleware (handlers that take `next`) are not endpoints; everything else is walked.
  for (const route of app.routes.filter((r) => r.handler.length < 2)) {
    const template = route.path.replace(/\*$/, 'user/getUsersInOrg')
    // A `:provider` route is walked once for each configured provider.
    const paths = template.includes(':provider')
      ? providerIds.map((id) => template.replace(':provider', id))
      : [template]
    const methods = route.method === 'ALL' ? ['DELETE', 'PUT', 'PATCH', 'OPTIONS'] : [route.method]
    for (const path of paths.map((p) => p.replace(/:\w+/g, 'x'))) {
      for (const method of methods) {
        const key = `${method} ${path}`
        if (seen.has(key)) continue
        seen.add(key)
        cases.push({ method, path, csrfRequired: method !== 'GET' || !publicReads.has(path) })
      }
    }
  }
  return { app, calls, cookie, cases }
}

const body = (method: string) => (method === 'GET' ? {} : { body: {} })

describe('15. CSRF header and Origin on every route', () => {
  it('15. the walk covers every route of the contract', async () => {
    const { cases } = await walkRoutes()
    const routes = cases.map((c) => `${c.method} ${c.path}`)
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /bff/config',
        'GET /bff/session',
        'POST /bff/auth/rhombus/exchange',
        'POST /bff/auth/signout',
        'GET /bff/rhombus/api/user/getUsersInOrg',
        'POST /bff/rhombus/api/user/getUsersInOrg',
        'POST /bff/auth/envoy/state',
        'POST /bff/auth/oidc/state',
        'POST /bff/auth/envoy/exchange',
        'POST /bff/auth/oidc/exchange',
        'GET /bff/connections/envoy',
        'GET /bff/connections/oidc',
        'POST /bff/connections/envoy/disconnect',
        'POST /bff/connections/oidc/disconnect',
        'GET /bff/envoy/connection',
        'POST /bff/envoy/disconnect',
        'POST /bff/envoy/rhombus/initiate',
        'GET /bff/envoy/rhombus/locations',
        'GET /bff/rhombus/partner/clients',
        'POST /bff/envoy/versori/initialise',
        'POST /bff/envoy/versori/complete',
        'GET /bff/envoy/api/user/getUsersInOrg',
      ]),
    )
  })

  it('every route but the public reads, the Rhombus exchange and sign-out needs a session: 401 unauthenticated', async () => {
    const { app, calls, cases } = await walkRoutes()
    const endpoints = cases.filter((c) => !['DELETE', 'PUT', 'PATCH', 'OPTIONS'].includes(c.method))
    const guarded = endpoints.filter((c) => !anonymousRoutes.has(`${c.method} ${c.path}`))
    expect(guarded.length).toBeGreaterThanOrEqual(14)
    for (const { method, path } of guarded) {
      const query = path.endsWith('/envoy/connection') ? '?via=direct' : ''
      const response = await app.request(bffRequest(method, `${path}${query}`, body(method)))
      expect(response.status, `${method} ${path}`).toBe(401)
      expect((await response.json()).code).toBe('unauthenticated')
      expect(response.headers.get('set-cookie')).toBeNull()
    }
    expect(calls).toHaveLength(0)
  })

  it('15. every state-changing and proxy route refuses a request without x-doorway-csrf: 1', async () => {
    const { app, calls, cookie, cases } = await walkRoutes()
    for (const { method, path } of cases.filter((c) => c.csrfRequired)) {
      for (const csrf of [undefined, '0', 'true', '']) {
        const headers: Record<string, string> = csrf === undefined ? {} : { 'x-doorway-csrf': csrf }
        const response = await app.request(
          bffRequest(method, path, { ...body(method), cookie, csrf: false, headers }),
        )
        expect(response.status, `${method} ${path} csrf=${csrf}`).toBe(403)
        expect((await response.json()).code).toBe('csrf_rejected')
        expect(response.headers.get('set-cookie')).toBeNull()
      }
    }
    expect(calls).toHaveLength(0)
  })

  it('15. every route refuses a foreign Origin and Sec-Fetch-Site: cross-site', async () => {
    const { app, calls, cookie, cases } = await walkRoutes()
    for (const { method, path } of cases) {
      for (const [origin, site] of [
        ['https://evil.test', undefined],
        ['null', undefined],
        [`${appOrigin}.evil.test`, undefined],
        ['http://localhost:5174', undefined],
        [appOrigin, 'cross-site'],
        [null, 'cross-site'],
      ] as const) {
        const headers: Record<string, string> = site ? { 'sec-fetch-site': site } : {}
        const response = await app.request(
          bffRequest(method, path, { ...body(method), cookie, origin, headers }),
        )
        expect(response.status, `${method} ${path} from ${origin}/${site}`).toBe(403)
        expect((await response.json()).code).toBe('forbidden_origin')
        expect(response.headers.get('set-cookie')).toBeNull()
      }
    }
    expect(calls).toHaveLength(0)
  })

  it('15. allowed origins are the redirect URI origin plus allowedOrigins; no Origin is fine', async () => {
    const { app } = await walkRoutes()
    for (const origin of [appOrigin, 'https://partner.test', null]) {
      const response = await app.request(bffRequest('GET', '/bff/session', { origin, csrf: false }))
      expect(response.status).toBe(200)
    }
    const sameSite = await app.request(
      bffRequest('GET', '/bff/config', { headers: { 'sec-fetch-site': 'same-origin' } }),
    )
    expect(sameSite.status).toBe(200)
  })

  it('15. public reads need no CSRF header, proxy GETs do, even when encoded', async () => {
    const { app, calls, cookie } = await walkRoutes()
    expect((await app.request(bffRequest('GET', '/bff/config', { csrf: false }))).status).toBe(200)
    for (const path of [
      '/bff/rhombus/api/user/get',
      '/bff/rhombus/%61pi/user/get',
      '/bff/%72hombus/api/x',
      '/bff/envoy/api/v1/locations',
      '/bff/%65nvoy/api/v1/locations',
      '/bff/envoy/connection?via=direct',
      '/bff/connections/envoy',
      '/bff/connections/oidc',
      '/bff/%63onnections/oidc',
    ]) {
      const response = await app.request(bffRequest('GET', path, { cookie, csrf: false }))
      expect(response.status, path).toBeGreaterThanOrEqual(400)
      expect(response.status, path).toBeLessThan(500)
    }
    expect(calls).toHaveLength(0)
  })
})
