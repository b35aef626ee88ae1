import {
  completeEnvoyAuthorization,
  type RhombusDecision,
  type Sandbox,
  startSandbox,
} from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bffRequest,
  cookieOf,
  formOf,
  oauth2Tokens,
  type RecordedCall,
  redirectUri,
  sessionCookie,
  signIn,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import { authorizeAtSandbox, sandboxBff } from '../__tests__/sandboxSignIn.js'

const publicClient = 'doorway-public-client'
/** Sandbox access tokens live this long; the BFF renews them after half of it. */
const tokenTtlSeconds = 2

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox({
    tokenTtlSeconds,
    clients: [
      { clientId: 'sandbox-client', clientSecret: 'sandbox-secret', redirectUris: [redirectUri] },
      { clientId: publicClient, redirectUris: [redirectUri] },
    ],
  })
})
afterAll(async () => {
  await sandbox.close()
})

const authorize = (clientId: string, decision: RhombusDecision = 'approve') =>
  authorizeAtSandbox(sandbox, decision, clientId)
const exchange = (app: ReturnType<typeof sandboxBff>['app'], code: string) =>
  app.request(
    bffRequest('POST', '/bff/auth/rhombus/exchange', {
      body: { code, codeVerifier: verifier, redirectUri },
    }),
  )
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('Rhombus token requests, pinned (rhombus.md, "Newer official CLI")', () => {
  const answers = (call: RecordedCall) =>
    call.url.endsWith('/oauth/token')
      ? oauth2Tokens({ access_token: 'at-SECRET-new', refresh_token: 'rt-SECRET-new' })
      : Response.json({ org: { uuid: 'org-1', name: 'Org' } })
  const documentedHeaders = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }

  it('a public client: client_id in the form, no secret, no Basic header (code exchange)', async () => {
    const { app, calls } = testBff({ rhombus: { clientSecret: undefined }, respond: answers })
    await signIn(app)
    const [token] = calls
    expect(token?.url).toBe('https://auth.test/oauth/token')
    expect(token?.method).toBe('POST')
    expect(token?.headers).toEqual(documentedHeaders)
    expect(formOf(token?.body)).toEqual({
      client_id: 'client id:1',
      code: 'code-SECRET',
      code_verifier: verifier,
      grant_type: 'authorization_code',
      redirect_uri: redirectUri,
    })
  })

  it.each([
    ['confidential', {}, { client_secret: 's3cr3t+/=&secret' }],
    ['public', { clientSecret: undefined }, {}],
  ] as const)(
    'refresh, %s client: grant_type, refresh_token and client_id (+ client_secret) in the form, no Basic',
    async (_, rhombus, secret) => {
      const { app, calls, store } = testBff({ rhombus, respond: answers })
      const cookie = await sessionCookie(store, 'user-1', {
        refreshToken: 'rt-SECRET-old',
        accessExpiresAt: Date.now() - 1,
      })
      const response = await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
      )
      expect(response.status).toBe(200)
      const [refresh, api] = calls
      expect(refresh?.url).toBe('https://auth.test/oauth/token')
      expect(refresh?.headers).toEqual(documentedHeaders)
      expect(formOf(refresh?.body)).toEqual({
        client_id: 'client id:1',
        grant_type: 'refresh_token',
        refresh_token: 'rt-SECRET-old',
        ...secret,
      })
      expect(api?.headers['x-auth-access-token']).toBe('at-SECRET-new')
    },
  )
})

describe('against the sandbox (oauth2 dialect)', () => {
  it('a public client (no RHOMBUS_CLIENT_SECRET) signs in, and its session is refreshed with rotation', async () => {
    const { app } = sandboxBff(sandbox, {
      rhombus: { clientId: publicClient, clientSecret: undefined },
    })
    sandbox.resetRhombusTokenStats()
    const response = await exchange(app, await authorize(publicClient))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      authenticated: true,
      org: { uuid: 'sbxOrgSandboxStandard1', name: 'Sandbox Org' },
    })
    const token = sandbox.requests.findLast((r) => r.path === '/oauth/token')
    expect(token?.headers.authorization).toBeUndefined()
    const cookie = cookieOf(response)
    const users = () =>
      app.request(bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }))
    for (let expiry = 1; expiry <= 2; expiry++) {
      await sleep((tokenTtlSeconds / 2) * 1000 + 200)
      expect((await users()).status).toBe(200)
    }
    expect(sandbox.rhombusTokenStats()).toMatchObject({
      codeExchanges: 1,
      refreshes: 2,
      refusedRefreshes: 0,
      reusedRefreshTokens: 0,
    })
  })

  describe("25. Rhombus's Envoy integration is the API key's organisation's", () => {
    const bff = (permission?: 'member') =>
      sandboxBff(sandbox, {
        rhombus: {
          apiKey: 'sandbox-api-key',
          ...(permission && { envoyIntegrationPermission: permission }),
        },
      })
    const signIn = async (app: ReturnType<typeof bff>['app'], decision: RhombusDecision) => {
      const response = await exchange(app, await authorize('sandbox-client', decision))
      expect(response.status).toBe(200)
      return cookieOf(response)
    }
    const status = (app: ReturnType<typeof bff>['app'], cookie: string) =>
      app.request(bffRequest('GET', '/bff/envoy/connection?via=rhombus', { cookie }))
    const initiate = (app: ReturnType<typeof bff>['app'], cookie: string) =>
      app.request(
        bffRequest('POST', '/bff/envoy/rhombus/initiate', { cookie, body: { returnTo: '/' } }),
      )
    const integrationCalls = () =>
      sandbox.requests.filter(
        (r) =>
          r.path.startsWith('/api/integrations/serviceManagement/') ||
          r.path.startsWith('/api/report/'),
      )

    const locations = (app: ReturnType<typeof bff>['app'], cookie: string) =>
      app.request(bffRequest('GET', '/bff/envoy/rhombus/locations', { cookie }))
    const disconnect = (app: ReturnType<typeof bff>['app'], cookie: string) =>
      app.request(bffRequest('POST', '/bff/envoy/disconnect', { cookie, body: { via: 'rhombus' } }))

    it('connects, reads as connected, lists the locations through Rhombus, and disconnects', async () => {
      const { app } = bff()
      const cookie = await signIn(app, 'approve')
      expect(await (await status(app, cookie)).json()).toEqual({
        status: 'disconnected',
        via: 'rhombus',
      })
      const { redirectUrl } = await (await initiate(app, cookie)).json()
      const callback = await completeEnvoyAuthorization(redirectUrl)
      expect((await fetch(callback, { redirect: 'manual' })).status).toBe(302)
      expect(await (await status(app, cookie)).json()).toEqual({
        status: 'connected',
        via: 'rhombus',
      })
      const listed = await locations(app, cookie)
      expect(listed.status).toBe(200)
      const { locations: found } = await listed.json()
      expect(found.length).toBeGreaterThan(0)
      for (const location of found) {
        expect(location).toEqual({ id: expect.any(String), name: expect.any(String) })
      }
      sandbox.clearRequests()
      expect(await (await disconnect(app, cookie)).json()).toEqual({
        status: 'disconnected',
        via: 'rhombus',
      })
      expect(
        sandbox.requests
          .filter((r) => r.role === 'api' && r.path.includes('Envoy'))
          .map((r) => [r.method, r.path, r.headers['x-auth-scheme'], r.body]),
      ).toEqual([
        ['POST', '/api/integrations/serviceManagement/deleteEnvoyIntegrationV2', 'api-token', '{}'],
      ])
      expect(await (await status(app, cookie)).json()).toEqual({
        status: 'disconnected',
        via: 'rhombus',
      })
      expect((await locations(app, cookie)).status).toBe(502)
    })

    it('25. a user of another organisation gets 403 forbidden on every Rhombus-integration route; Rhombus is not asked', async () => {
      const { app } = bff()
      const cookie = await signIn(app, 'approve_other')
      sandbox.clearRequests()
      for (const response of [
        await status(app, cookie),
        await initiate(app, cookie),
        await locations(app, cookie),
        await disconnect(app, cookie),
      ]) {
        expect(response.status).toBe(403)
        expect(await response.json()).toMatchObject({ code: 'forbidden' })
      }
      expect(integrationCalls()).toEqual([])
    })

    it('25. a member of the organisation may read it, but starting it needs superAdmin (default)', async () => {
      const { app } = bff()
      const cookie = await signIn(app, 'approve_member')
      expect((await status(app, cookie)).status).toBe(200)
      sandbox.clearRequests()
      const refused = await initiate(app, cookie)
      expect(refused.status).toBe(403)
      expect(await refused.json()).toMatchObject({ code: 'forbidden' })
      expect(integrationCalls()).toEqual([])
    })

    it('25. a super admin of the organisation starts it; envoyIntegrationPermission "member" lets a member', async () => {
      const admin = bff()
      const started = await initiate(admin.app, await signIn(admin.app, 'approve'))
      expect(started.status).toBe(200)
      expect(await started.json()).toMatchObject({ redirectUrl: expect.any(String) })
      const members = bff('member')
      const byMember = await initiate(members.app, await signIn(members.app, 'approve_member'))
      expect(byMember.status).toBe(200)
    })
  })
})
