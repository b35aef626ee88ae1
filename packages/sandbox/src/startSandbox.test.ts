import { afterEach, describe, expect, it } from 'vitest'
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
