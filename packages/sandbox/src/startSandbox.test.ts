import { afterEach, describe, expect, it } from 'vitest'
import { completeEnvoyAuthorization } from './envoy/completeEnvoyAuthorization.js'
import { completeRhombusAuthorization } from './rhombus/completeRhombusAuthorization.js'
import { type Sandbox, startSandbox } from './startSandbox.js'

const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
const redirectUri = 'http://127.0.0.1:9/callback'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

describe('startSandbox over a real socket', () => {
  it('listens on a free port at 127.0.0.1 and names the four Rhombus hosts', async () => {
    sandbox = await startSandbox()
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(sandbox.rhombus).toEqual({
      consoleUrl: `${sandbox.url}/rhombus/console`,
      authWebUrl: `${sandbox.url}/rhombus/auth-web`,
      authUrl: `${sandbox.url}/rhombus/auth`,
      apiUrl: `${sandbox.url}/rhombus/api`,
    })
  })

  it('names the Envoy hosts and the Versori platform and callback origin', async () => {
    sandbox = await startSandbox()
    expect(sandbox.envoy).toEqual({
      authUrl: `${sandbox.url}/envoy/app`,
      apiUrl: `${sandbox.url}/envoy/api`,
    })
    expect(sandbox.versori).toEqual({
      platformUrl: `${sandbox.url}/versori/platform`,
      callbackOrigin: sandbox.url,
    })
  })

  it('runs the direct Envoy flow with fetch: exact query, JSON exchange, Bearer call, rotation', async () => {
    sandbox = await startSandbox({ envoyClients: [] })
    const redirect = 'http://127.0.0.1:9/oauth/callback/envoy'
    sandbox.registerEnvoyClient({
      clientId: 'socket-envoy',
      clientSecret: 'socket envoy secret',
      redirectUris: [redirect],
    })
    const authorize = `${sandbox.envoy.authUrl}/a/auth/v0/authorize?response_type=code&client_id=socket-envoy&redirect_uri=${encodeURIComponent(redirect)}&scope=locations.read+token.refresh&state=e1`
    const callback = await completeEnvoyAuthorization(authorize)
    expect(callback.searchParams.get('state')).toBe('e1')

    const tokenUrl = `${sandbox.envoy.authUrl}/a/auth/v0/token`
    const form = await fetch(tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x' }),
    })
    expect(form.status).toBe(415)
    const post = (body: object) =>
      fetch(tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          ...body,
          client_id: 'socket-envoy',
          client_secret: 'socket envoy secret',
        }),
      })
    const first = await (
      await post({ grant_type: 'authorization_code', code: callback.searchParams.get('code') })
    ).json()
    expect(first).toMatchObject({ token_type: 'Bearer', state: null, company_id: '10000' })

    const locations = await fetch(`${sandbox.envoy.apiUrl}/v1/locations`, {
      headers: { authorization: `Bearer ${first.access_token}` },
    })
    expect((await locations.json()).data).toHaveLength(2)

    expect(sandbox.expireEnvoyAccessTokens()).toBe(1)
    const expired = await fetch(`${sandbox.envoy.apiUrl}/v1/locations`, {
      headers: { authorization: `Bearer ${first.access_token}` },
    })
    expect(expired.status).toBe(401)
    const second = await post({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(second.status).toBe(200)
    const reused = await post({ grant_type: 'refresh_token', refresh_token: first.refresh_token })
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' })
    expect(sandbox.revokeEnvoyRefreshTokens()).toBe(1)

    const log = await (
      await fetch(`${sandbox.url}/__sandbox/requests?provider=envoy&role=app`)
    ).json()
    expect(log.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
      'GET /a/auth/v0/authorize',
      'POST /a/auth/v0/decision',
      'POST /a/auth/v0/token',
      'POST /a/auth/v0/token',
      'POST /a/auth/v0/token',
      'POST /a/auth/v0/token',
    ])
  })

  it('connects Envoy through Rhombus with an API key, the exchange logged as Envoy’s', async () => {
    sandbox = await startSandbox()
    const api = `${sandbox.rhombus.apiUrl}/api/integrations/serviceManagement`
    const headers = {
      'content-type': 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': 'sandbox-api-key',
    }
    const initiated = await fetch(`${api}/initiateEnvoyOAuth`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        param: null,
        requestUrl: 'http://127.0.0.1:9/done',
        rhombusOrgUserUuid: null,
      }),
    })
    const { redirectUrl } = await initiated.json()
    expect(redirectUrl.startsWith(`${sandbox.envoy.authUrl}/a/auth/v0/authorize?`)).toBe(true)
    const callback = await completeEnvoyAuthorization(redirectUrl)
    const back = await fetch(callback, { redirect: 'manual' })
    expect(back.headers.get('location')).toBe('http://127.0.0.1:9/done')
    const status = await fetch(`${api}/getEnvoyIntegration`, {
      method: 'POST',
      headers,
      body: '{}',
    })
    expect(await status.json()).toMatchObject({
      orgIntegrationV2: { envoyIntegrationInstalled: true, tokenValid: true },
    })
    expect(sandbox.requests.map((r) => `${r.provider} ${r.role} ${r.method} ${r.path}`)).toEqual([
      'rhombus api POST /api/integrations/serviceManagement/initiateEnvoyOAuth',
      'envoy app GET /a/auth/v0/authorize',
      'envoy app POST /a/auth/v0/decision',
      'rhombus console GET /integrations/envoy/callback',
      'envoy app POST /a/auth/v0/token',
      'rhombus api POST /api/integrations/serviceManagement/getEnvoyIntegration',
      'envoy api GET /v1/locations',
    ])
  })

  it('connects Envoy through Versori: initialise, callback page, connection', async () => {
    sandbox = await startSandbox()
    const embedded = `${sandbox.versori.platformUrl}/api/embedded/v1`
    const headers = {
      'content-type': 'application/json',
      authorization: 'Bearer sandbox-versori-token',
    }
    const hub = '01HSBXHVB00000000000000000'
    const connector = '01HSBXENV0Y000000000000000'
    const initialised = await fetch(
      `${embedded}/embed/${hub}/connector/${connector}/oauth2/initialise`,
      {
        method: 'POST',
        headers,
        body: JSON.stringify({
          authorizeUrl: `${sandbox.envoy.authUrl}/a/auth/v0/authorize`,
          clientId: 'versori-envoy-client',
          credential: {
            id: '01HSBXCRED0000000000000000',
            organisationId: '01HSBX0RG00000000000000000',
          },
          scopes: ['locations.read', 'token.refresh'],
          disableOfflineAccess: true,
        }),
      },
    )
    const { url } = await initialised.json()
    const callback = await completeEnvoyAuthorization(url)
    expect(callback.origin).toBe(sandbox.versori.callbackOrigin)
    const page = await fetch(callback)
    expect(await page.text()).toContain("type: 'response'")
    const created = await fetch(`${embedded}/hubs/${hub}/users/u-1/connections`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        connectorId: connector,
        connection: {
          name: 'envoy',
          credentials: {
            action: [
              {
                authSchemeConfig: {
                  id: '01HSBXA5C0NF1G000000000000',
                  description: 'Envoy',
                  schemeType: 'oauth2',
                  authorizeUrl: `${sandbox.envoy.authUrl}/a/auth/v0/authorize`,
                  tokenUrl: `${sandbox.envoy.authUrl}/a/auth/v0/token`,
                  scopes: [{ name: 'locations.read' }],
                  defaultScopes: ['locations.read'],
                  grant: { grantType: 'authorization_code' },
                },
                credential: {
                  name: 'envoy',
                  type: 'oauth2-code',
                  data: {
                    code: callback.searchParams.get('code'),
                    state: callback.searchParams.get('state'),
                  },
                },
              },
            ],
          },
          variables: [],
        },
      }),
    })
    expect(created.status).toBe(201)
    const list = await fetch(`${embedded}/hubs/${hub}/users/u-1/connections`, { headers })
    expect(await list.json()).toMatchObject({ totalCount: 1 })
    expect(
      sandbox.requests.filter((r) => r.provider === 'envoy' && r.path === '/a/auth/v0/token'),
    ).toHaveLength(1)
    expect(sandbox.versoriViolations()).toEqual({ count: 0, violations: [] })
    const removed = await fetch(`${embedded}/hubs/${hub}/users/u-1`, { method: 'DELETE', headers })
    expect(removed.status).toBe(204)
    // The undocumented delete of one connection is 404, and counted.
    await fetch(`${embedded}/hubs/${hub}/users/u-1/connections/x`, { method: 'DELETE', headers })
    expect(sandbox.versoriViolations()).toMatchObject({
      count: 1,
      violations: [
        { method: 'DELETE', path: `/api/embedded/v1/hubs/${hub}/users/u-1/connections/x` },
      ],
    })
    expect(sandbox.rhombusRevocations()).toEqual({ count: 0, tokenUuids: [] })
  })

  it('runs the oauth2 flow end to end with fetch', async () => {
    sandbox = await startSandbox({ clients: [] })
    sandbox.registerClient({
      clientId: 'socket-client',
      clientSecret: 'socket secret',
      redirectUris: [redirectUri],
      tokenEndpointAuthMethod: 'client_secret_post',
    })
    const authorize = new URL(`${sandbox.rhombus.consoleUrl}/oauth/authorize`)
    authorize.search = new URLSearchParams({
      client_id: 'socket-client',
      redirect_uri: redirectUri,
      response_type: 'code',
      state: 'state-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()
    const callback = await completeRhombusAuthorization(authorize)
    expect(callback.searchParams.get('state')).toBe('state-1')

    const token = await fetch(`${sandbox.rhombus.authWebUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code')!,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: 'socket-client',
        client_secret: 'socket secret',
      }),
    })
    expect(token.status).toBe(200)
    expect(token.headers.get('cache-control')).toBe('no-store')
    const { access_token } = await token.json()

    const users = await fetch(`${sandbox.rhombus.apiUrl}/api/user/getUsersInOrg`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-auth-scheme': 'api-oauth-token',
        'x-auth-access-token': access_token,
      },
      body: '{}',
    })
    expect(await users.json()).toMatchObject({
      users: [{ email: 'ada@sandbox.example' }, { email: 'grace@sandbox.example' }],
    })

    expect(sandbox.requests.map((r) => `${r.method} ${r.role} ${r.path}`)).toEqual([
      'GET console /oauth/authorize',
      'POST console /decision',
      'POST auth-web /oauth/token',
      'POST api /api/user/getUsersInOrg',
    ])
    const control = await (await fetch(`${sandbox.url}/__sandbox/requests`)).json()
    expect(control).toHaveLength(4)
    sandbox.clearRequests()
    expect(sandbox.requests).toHaveLength(0)
  })

  it('runs the legacy flow with the default client, refusing a JSON body without x-auth-scheme', async () => {
    sandbox = await startSandbox()
    const authorize = new URL(`${sandbox.rhombus.consoleUrl}/login`)
    authorize.search = new URLSearchParams({
      type: 'oauth',
      client_id: 'sandbox-client',
      redirect: 'http://localhost:5173/oauth/callback/rhombus',
      state: 'state-2',
      challenge,
    }).toString()
    const callback = await completeRhombusAuthorization(authorize, { decision: 'approve_partner' })
    expect(callback.searchParams.get('isPartner')).toBe('true')
    const body = JSON.stringify({
      grantType: 'AUTHORIZATION_CODE',
      authorizationCode: callback.searchParams.get('code'),
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
      codeVerifier: verifier,
      codeChallengeType: 'S256',
    })
    const url = `${sandbox.rhombus.authUrl}/oauth/token`
    const noScheme = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    expect(noScheme.status).toBe(401)
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-scheme': 'web2' },
      body,
    })
    expect(await ok.json()).toMatchObject({ accessTokenExpirationSec: 3600 })
  })

  it('closes, even with keep-alive connections open', async () => {
    const started = await startSandbox()
    await (await fetch(`${started.url}/__sandbox/requests`)).text()
    await started.close()
    await expect(fetch(`${started.url}/__sandbox/requests`)).rejects.toThrow()
  })

  it('rejects when the port is taken', async () => {
    sandbox = await startSandbox()
    const port = Number(new URL(sandbox.url).port)
    await expect(startSandbox({ port })).rejects.toThrow(/EADDRINUSE/)
  })
})
