import { describe, expect, it } from 'vitest'
import {
  basic,
  challenge,
  rhombusApiKey,
  sandboxFixture,
  verifier,
} from '../__tests__/sandboxFixture.js'
import { completeRhombusAuthorization } from './completeRhombusAuthorization.js'
import {
  rhombusApplicationErrors as errors,
  rhombusEnvoyIntegrationErrors,
  rhombusRegistrationErrors,
} from './rhombusErrorTexts.js'

type Sandbox = ReturnType<typeof sandboxFixture>

const app = {
  name: 'Acme Console',
  description: 'Acme internal dashboard for Rhombus operators',
  contactEmail: 'engineering@acme.example',
  redirectUri: 'http://localhost:8123/oauth/callback',
}

function oauth(sandbox: Sandbox, name: string, body: unknown, apiKey = rhombusApiKey) {
  return sandbox.request(`/rhombus/api/api/oauth/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': apiKey,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

async function expectError(response: Response, status: number, errorMsg: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toEqual({ error: true, errorMsg })
}

/** Signs in through a dialect with a client and returns the token response's status and body. */
async function signIn(
  sandbox: Sandbox,
  dialect: 'oauth2' | 'legacy',
  client: { clientId: string; clientSecret: string; redirectUri: string },
) {
  const query =
    dialect === 'oauth2'
      ? new URLSearchParams({
          client_id: client.clientId,
          redirect_uri: client.redirectUri,
          response_type: 'code',
          state: 'st4te',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        })
      : new URLSearchParams({
          type: 'oauth',
          client_id: client.clientId,
          redirect: client.redirectUri,
          state: 'st4te',
          challenge,
        })
  const path = dialect === 'oauth2' ? '/rhombus/console/oauth/authorize' : '/rhombus/console/login'
  const callback = await completeRhombusAuthorization(`http://sandbox.test${path}?${query}`, {
    fetch: (input, init) => sandbox.request(String(input), init),
  })
  expect(callback.origin + callback.pathname).toBe(client.redirectUri)
  const code = callback.searchParams.get('code')!
  const response =
    dialect === 'oauth2'
      ? await sandbox.oauth2Token(
          {
            grant_type: 'authorization_code',
            code,
            redirect_uri: client.redirectUri,
            code_verifier: verifier,
          },
          { authorization: basic(client.clientId, client.clientSecret) },
        )
      : await sandbox.legacyToken(code, {
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          redirectUri: client.redirectUri,
        })
  return response
}

describe('submitApplication', () => {
  it('registers a client of both dialects with that exact redirect URI', async () => {
    const sandbox = sandboxFixture()
    const response = await oauth(sandbox, 'submitApplication', app)
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toEqual({ clientId: expect.any(String), clientSecret: expect.any(String) })
    // An id that starts with '-' would read as an option to `doorway-bff apps update <id>`.
    expect(body.clientId).toMatch(/^[0-9a-f]{32}$/)
    const client = { ...body, redirectUri: app.redirectUri }
    expect((await signIn(sandbox, 'oauth2', client)).status).toBe(200)
    expect((await signIn(sandbox, 'legacy', client)).status).toBe(200)
    const other = await sandbox.request(
      sandbox.authorizeUrl('oauth2', {
        client_id: body.clientId,
        redirect_uri: 'http://localhost:8124/oauth/callback',
      }),
    )
    expect(other.status).toBe(400)
    const logged = sandbox.state.log.records.filter(
      (r) => r.path === '/api/oauth/submitApplication',
    )
    expect(logged).toHaveLength(1)
  })

  it('refuses a taken name, a malformed redirect URI or email, in Rhombus style', async () => {
    const sandbox = sandboxFixture()
    expect((await oauth(sandbox, 'submitApplication', app)).status).toBe(200)
    await expectError(await oauth(sandbox, 'submitApplication', app), 200, errors.nameTaken)
    await expectError(
      await oauth(sandbox, 'submitApplication', { ...app, name: 'acme console' }),
      200,
      errors.nameTaken,
    )
    for (const redirectUri of [
      'not a url',
      '/relative',
      'ftp://x.example/cb',
      'http://x.example/cb#frag',
    ]) {
      await expectError(
        await oauth(sandbox, 'submitApplication', { ...app, name: 'Other', redirectUri }),
        200,
        errors.invalidRedirectUri,
      )
    }
    await expectError(
      await oauth(sandbox, 'submitApplication', { ...app, name: 'Other', contactEmail: 'nobody' }),
      200,
      errors.invalidContactEmail,
    )
    await expectError(
      await oauth(sandbox, 'submitApplication', { ...app, name: ' ' }),
      200,
      errors.missingName,
    )
    await expectError(
      await oauth(sandbox, 'submitApplication', { name: 'x', redirectUri: app.redirectUri }),
      400,
      errors.invalidSubmitBody,
    )
    await expectError(
      await oauth(sandbox, 'submitApplication', { ...app, scopes: [] }),
      400,
      errors.invalidSubmitBody,
    )
  })

  it('refuses a bad API key with 401', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await oauth(sandbox, 'submitApplication', app, 'forged'),
      401,
      rhombusEnvoyIntegrationErrors.invalidApiKey,
    )
    const wrongScheme = await sandbox.request('/rhombus/api/api/oauth/submitApplication', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-auth-scheme': 'api-oauth-token',
        'x-auth-apikey': rhombusApiKey,
      },
      body: JSON.stringify(app),
    })
    await expectError(wrongScheme, 401, rhombusEnvoyIntegrationErrors.unsupportedAuthScheme)
  })
})

describe('application management', () => {
  it('gets, lists, updates and deletes without ever returning the secret', async () => {
    const sandbox = sandboxFixture()
    const { clientId, clientSecret } = await (await oauth(sandbox, 'submitApplication', app)).json()
    const view = { clientId, ...app }
    expect(await (await oauth(sandbox, 'getApplicationByClientId', { clientId })).json()).toEqual({
      application: view,
    })
    expect(await (await oauth(sandbox, 'getAllApplicationsForOrg', {})).json()).toEqual({
      applications: [view],
    })

    const redirectUri = 'https://acme.example/oauth/callback'
    const updated = await oauth(sandbox, 'updateApplication', {
      clientId,
      redirectUri,
      name: 'Acme 2',
    })
    expect(await updated.json()).toEqual({ application: { ...view, redirectUri, name: 'Acme 2' } })
    expect((await signIn(sandbox, 'oauth2', { clientId, clientSecret, redirectUri })).status).toBe(
      200,
    )
    expect(
      (
        await sandbox.request(
          sandbox.authorizeUrl('oauth2', { client_id: clientId, redirect_uri: app.redirectUri }),
        )
      ).status,
    ).toBe(400)

    expect(await (await oauth(sandbox, 'deleteApplication', { clientId })).json()).toEqual({})
    await expectError(
      await oauth(sandbox, 'getApplicationByClientId', { clientId }),
      200,
      errors.unknownApplication,
    )
    expect(await (await oauth(sandbox, 'getAllApplicationsForOrg', {})).json()).toEqual({
      applications: [],
    })
    expect(sandbox.state.rhombus.findClient(clientId)).toBeUndefined()
  })

  it('refuses unknown clients, bad updates and malformed bodies', async () => {
    const sandbox = sandboxFixture()
    const { clientId } = await (await oauth(sandbox, 'submitApplication', app)).json()
    await (await oauth(sandbox, 'submitApplication', { ...app, name: 'Second' })).json()
    await expectError(
      await oauth(sandbox, 'updateApplication', { clientId, name: 'second' }),
      200,
      errors.nameTaken,
    )
    await expectError(
      await oauth(sandbox, 'updateApplication', { clientId, redirectUri: 'nope' }),
      200,
      errors.invalidRedirectUri,
    )
    await expectError(
      await oauth(sandbox, 'updateApplication', { clientId, clientSecret: 'x' }),
      400,
      errors.invalidUpdateBody,
    )
    await expectError(
      await oauth(sandbox, 'deleteApplication', {}),
      400,
      errors.invalidClientIdBody,
    )
    await expectError(
      await oauth(sandbox, 'deleteApplication', { clientId: 'sandbox-client' }),
      200,
      errors.unknownApplication,
    )
    expect(sandbox.state.rhombus.findClient('sandbox-client')).toBeDefined()
  })
})

describe('dynamic client registration (RFC 7591)', () => {
  function register(sandbox: Sandbox, body: unknown, contentType = 'application/json') {
    return sandbox.request('/rhombus/auth-web/oauth/register', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  }

  it('registers a client usable by both dialects, 201', async () => {
    const sandbox = sandboxFixture()
    const redirectUri = 'http://127.0.0.1:53682/callback'
    const response = await register(sandbox, {
      client_name: 'rhombus-cli',
      redirect_uris: [redirectUri],
      logo_uri: 'ignored',
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toEqual({
      client_id: expect.any(String),
      client_secret: expect.any(String),
      client_id_issued_at: Math.floor(Date.UTC(2026, 0, 1) / 1000),
      client_secret_expires_at: 0,
      client_name: 'rhombus-cli',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })
    const client = { clientId: body.client_id, clientSecret: body.client_secret, redirectUri }
    expect((await signIn(sandbox, 'oauth2', client)).status).toBe(200)
    expect((await signIn(sandbox, 'legacy', client)).status).toBe(200)
    expect(
      sandbox.state.log.records.filter(
        (r) => r.role === 'auth-web' && r.path === '/oauth/register',
      ),
    ).toHaveLength(1)
  })

  it('refuses invalid metadata with 400', async () => {
    const sandbox = sandboxFixture()
    const e = rhombusRegistrationErrors
    const cases: [unknown, string, string][] = [
      [{ client_name: 'x' }, 'invalid_redirect_uri', e.missingRedirectUris],
      [{ redirect_uris: [] }, 'invalid_redirect_uri', e.missingRedirectUris],
      [{ redirect_uris: ['nope'] }, 'invalid_redirect_uri', e.invalidRedirectUri],
      [{ redirect_uris: ['http://x.example/cb#f'] }, 'invalid_redirect_uri', e.invalidRedirectUri],
      [
        { redirect_uris: ['http://x.example/cb'], client_name: 3 },
        'invalid_client_metadata',
        e.invalidClientName,
      ],
      [
        { redirect_uris: ['http://x.example/cb'], token_endpoint_auth_method: 'private_key_jwt' },
        'invalid_client_metadata',
        e.unsupportedAuthMethod,
      ],
      [
        { redirect_uris: ['http://x.example/cb'], grant_types: ['client_credentials'] },
        'invalid_client_metadata',
        e.unsupportedGrantTypes,
      ],
      [
        { redirect_uris: ['http://x.example/cb'], response_types: ['token'] },
        'invalid_client_metadata',
        e.unsupportedResponseTypes,
      ],
      ['[]', 'invalid_client_metadata', e.invalidBody],
    ]
    for (const [body, error, description] of cases) {
      const response = await register(sandbox, body)
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual({ error, error_description: description })
    }
    const form = await register(
      sandbox,
      'redirect_uris=http://x.example/cb',
      'application/x-www-form-urlencoded',
    )
    expect(await form.json()).toEqual({
      error: 'invalid_client_metadata',
      error_description: e.invalidBody,
    })
  })
})
