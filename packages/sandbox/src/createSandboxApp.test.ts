import { describe, expect, it } from 'vitest'
import { basic, redirectUri, sandboxFixture, verifier } from './__tests__/sandboxFixture.js'
import { createSandboxApp } from './createSandboxApp.js'

describe('request log', () => {
  it('records each emulated request: role, path without prefix, query, lower-cased headers, raw body', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).toString()
    await sandbox.request('/rhombus/auth-web/oauth/token', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: basic('sandbox-client', 'sandbox-secret'),
      },
      body,
    })
    const records = sandbox.state.log.records
    expect(records.map((r) => [r.method, r.role, r.path])).toEqual([
      ['GET', 'console', '/oauth/authorize'],
      ['POST', 'console', '/decision'],
      ['POST', 'auth-web', '/oauth/token'],
    ])
    expect(records[0]!.query).toEqual({
      client_id: 'sandbox-client',
      redirect_uri: redirectUri,
      response_type: 'code',
      state: 'st4te',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    expect(records[0]!.body).toBe('')
    const token = records[2]!
    expect(token).toMatchObject({ provider: 'rhombus', query: {}, body, at: Date.UTC(2026, 0, 1) })
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(token.headers.authorization).toBe(basic('sandbox-client', 'sandbox-secret'))
    expect(Object.keys(token.headers).every((name) => name === name.toLowerCase())).toBe(true)
  })

  it('records refused requests and unknown paths too, and nothing outside the emulated hosts', async () => {
    const sandbox = sandboxFixture()
    await sandbox.request('/rhombus/auth/oauth/token', { method: 'POST', body: 'x=1' })
    await sandbox.request('/rhombus/api/api/nothing/here?x=1&x=2')
    await sandbox.request('/rhombus/api')
    await sandbox.request('/elsewhere')
    await sandbox.request('/__sandbox/requests')
    expect(sandbox.state.log.records.map((r) => [r.role, r.path, r.query])).toEqual([
      ['auth', '/oauth/token', {}],
      ['api', '/api/nothing/here', { x: '1' }],
      ['api', '/', {}],
    ])
  })

  it('keeps the same array when cleared', async () => {
    const sandbox = sandboxFixture()
    const live = sandbox.state.log.records
    await sandbox.request(sandbox.authorizeUrl('legacy'))
    expect(live).toHaveLength(1)
    sandbox.state.log.clear()
    expect(sandbox.state.log.records).toBe(live)
    expect(live).toHaveLength(0)
  })
})

describe('control routes', () => {
  it('serves the log as JSON, filtered by role on request, and clears it on DELETE', async () => {
    const sandbox = sandboxFixture()
    await sandbox.callback('legacy')
    const all = await (await sandbox.request('/__sandbox/requests')).json()
    expect(all.map((r: { path: string }) => r.path)).toEqual(['/login', '/decision'])
    const response = await sandbox.request('/__sandbox/requests?role=auth')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.json()).toEqual([])
    expect((await sandbox.request('/__sandbox/requests', { method: 'DELETE' })).status).toBe(204)
    expect(await (await sandbox.request('/__sandbox/requests')).json()).toEqual([])
  })

  it('filters the log by provider, and by provider and role together', async () => {
    const sandbox = sandboxFixture()
    await sandbox.callback('oauth2')
    const { access_token } = await sandbox.envoyTokens()
    await sandbox.envoyLocations(`Bearer ${access_token}`)
    const paths = async (query: string) =>
      (await (await sandbox.request(`/__sandbox/requests?${query}`)).json()).map(
        (r: { provider: string; role: string; path: string }) =>
          `${r.provider} ${r.role} ${r.path}`,
      )
    expect(await paths('provider=envoy')).toEqual([
      'envoy app /a/auth/v0/authorize',
      'envoy app /a/auth/v0/decision',
      'envoy app /a/auth/v0/token',
      'envoy api /v1/locations',
    ])
    expect(await paths('role=api')).toEqual(['envoy api /v1/locations'])
    expect(await paths('provider=rhombus&role=api')).toEqual([])
    expect(await paths('provider=rhombus')).toEqual([
      'rhombus console /oauth/authorize',
      'rhombus console /decision',
    ])
  })

  it('registers an Envoy app at run time, answering without its secret', async () => {
    const sandbox = sandboxFixture()
    const client = {
      clientId: 'e2e-envoy',
      clientSecret: 'e2e-envoy-secret',
      redirectUris: ['http://127.0.0.1:3000/oauth/callback/envoy'],
    }
    const register = (body: unknown) =>
      sandbox.request('/__sandbox/envoy/clients', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const response = await register(client)
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({
      clientId: 'e2e-envoy',
      redirectUris: ['http://127.0.0.1:3000/oauth/callback/envoy'],
    })
    const callback = await sandbox.envoyCallback('approve', {
      client_id: 'e2e-envoy',
      redirect_uri: 'http://127.0.0.1:3000/oauth/callback/envoy',
    })
    expect(callback.searchParams.get('code')).not.toBeNull()
    const refused = await register({ ...client, redirectUris: ['/relative'] })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({
      error: 'invalid_client_metadata',
      error_description: 'redirectUris must be a non-empty array of absolute URLs',
    })
  })

  it('registers a client at run time, answering without its secret', async () => {
    const sandbox = sandboxFixture()
    const client = {
      clientId: 'e2e-client',
      clientSecret: 'e2e-secret',
      redirectUris: ['http://127.0.0.1:3000/oauth/callback/rhombus'],
      tokenEndpointAuthMethod: 'client_secret_post',
    }
    const response = await sandbox.request('/__sandbox/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(client),
    })
    expect(response.status).toBe(201)
    const { clientSecret: _, ...withoutSecret } = client
    expect(await response.json()).toEqual(withoutSecret)
    const callback = await sandbox.callback('oauth2', 'approve', {
      client_id: 'e2e-client',
      redirect_uri: 'http://127.0.0.1:3000/oauth/callback/rhombus',
    })
    expect(callback.searchParams.get('code')).not.toBeNull()
  })

  it.each([
    ['not JSON', 'nope', 'the body must be a JSON object'],
    [
      'no secret',
      { clientId: 'x', redirectUris: ['https://a.example/cb'] },
      'clientSecret must be a non-empty string (or tokenEndpointAuthMethod none, for a public client)',
    ],
    [
      'a relative redirect URI',
      { clientId: 'x', clientSecret: 'y', redirectUris: ['/cb'] },
      'redirectUris must be a non-empty array of absolute URLs',
    ],
    [
      'an unknown auth method',
      {
        clientId: 'x',
        clientSecret: 'y',
        redirectUris: ['https://a.example/cb'],
        tokenEndpointAuthMethod: 'private_key_jwt',
      },
      'tokenEndpointAuthMethod must be client_secret_basic, client_secret_post or none',
    ],
    [
      'a public client with a secret',
      {
        clientId: 'x',
        clientSecret: 'y',
        redirectUris: ['https://a.example/cb'],
        tokenEndpointAuthMethod: 'none',
      },
      'a public client (tokenEndpointAuthMethod none) has no clientSecret',
    ],
  ])('refuses a client with %s', async (_, body, description) => {
    const response = await sandboxFixture().request('/__sandbox/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: 'invalid_client_metadata',
      error_description: description,
    })
  })
})

describe('createSandboxApp', () => {
  it('builds its own state from options when none is given', async () => {
    const app = createSandboxApp({
      clients: [{ clientId: 'only', clientSecret: 's', redirectUris: ['https://a.example/cb'] }],
    })
    const refused = await app.request('/rhombus/console/login?type=oauth&client_id=sandbox-client')
    expect(refused.status).toBe(400)
    await app.request('/rhombus/api/x')
    const log = await (await app.request('/__sandbox/requests')).json()
    expect(log).toHaveLength(2)
  })
})
