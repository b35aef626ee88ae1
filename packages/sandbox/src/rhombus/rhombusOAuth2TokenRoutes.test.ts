import { describe, expect, it } from 'vitest'
import {
  basic,
  clientId,
  clientSecret,
  otherVerifier,
  redirectUri,
  sandboxFixture,
  subjectOf,
  tokenHeaders,
  verifier,
} from '../__tests__/sandboxFixture.js'
import { rhombusAccounts } from './rhombusAccounts.js'
import { rhombusOAuth2Errors as errors, rhombusLegacyErrors } from './rhombusErrorTexts.js'

const auth = { authorization: basic(clientId, clientSecret) }

function grant(code: string, extra: Record<string, string> = {}) {
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    ...extra,
  }
}

async function expectError(response: Response, status: number, error: string, description: string) {
  expect(response.status).toBe(status)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(await response.json()).toEqual({ error, error_description: description })
}

describe('oauth2 token endpoint', () => {
  it('exchanges a code with the right verifier (HTTP Basic)', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.oauth2Token(grant(await sandbox.code('oauth2')), auth)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'api',
    })
    expect((await sandbox.getUsersInOrg(body.access_token)).status).toBe(200)
  })

  it('refuses the wrong verifier, and the code is spent', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const wrong = await sandbox.oauth2Token(grant(code, { code_verifier: otherVerifier }), auth)
    await expectError(wrong, 400, 'invalid_grant', errors.pkceMismatch)
    await expectError(
      await sandbox.oauth2Token(grant(code), auth),
      400,
      'invalid_grant',
      errors.invalidCode,
    )
  })

  it('refuses a malformed verifier as a mismatch', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const short = await sandbox.oauth2Token(grant(code, { code_verifier: verifier.slice(1) }), auth)
    await expectError(short, 400, 'invalid_grant', errors.pkceMismatch)
  })

  it('exchanges a code once', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    expect((await sandbox.oauth2Token(grant(code), auth)).status).toBe(200)
    await expectError(
      await sandbox.oauth2Token(grant(code), auth),
      400,
      'invalid_grant',
      errors.invalidCode,
    )
  })

  it('expires codes after codeTtlSeconds', async () => {
    const sandbox = sandboxFixture({ codeTtlSeconds: 5 })
    const fresh = await sandbox.code('oauth2')
    const stale = await sandbox.code('oauth2')
    sandbox.advance(4_999)
    expect((await sandbox.oauth2Token(grant(fresh), auth)).status).toBe(200)
    sandbox.advance(1)
    await expectError(
      await sandbox.oauth2Token(grant(stale), auth),
      400,
      'invalid_grant',
      errors.codeExpired,
    )
  })

  it('expires codes after 30 seconds by default', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    sandbox.advance(30_000)
    await expectError(
      await sandbox.oauth2Token(grant(code), auth),
      400,
      'invalid_grant',
      errors.codeExpired,
    )
  })

  it('requires the exact redirect_uri of the authorize request', async () => {
    const sandbox = sandboxFixture()
    for (const other of [
      'http://localhost:5174/oauth/callback/rhombus',
      'http://localhost:5173/oauth/callback/rhombus/',
      'http://127.0.0.1:5173/oauth/callback/rhombus',
    ]) {
      const response = await sandbox.oauth2Token(
        grant(await sandbox.code('oauth2'), { redirect_uri: other }),
        auth,
      )
      await expectError(response, 400, 'invalid_grant', errors.redirectUriMismatch)
    }
  })

  it('answers a JSON body with 415, naming the legacy dialect', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request('/rhombus/auth-web/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify(grant(await sandbox.code('oauth2'))),
    })
    await expectError(response, 415, 'invalid_request', errors.unsupportedMediaType)
    expect(errors.unsupportedMediaType).toContain('legacy')
  })

  it('accepts client_id and client_secret in the form (client_secret_post)', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const response = await sandbox.oauth2Token(
      grant(code, { client_id: clientId, client_secret: clientSecret }),
    )
    expect(response.status).toBe(200)
  })

  it('refuses Basic and client_secret together', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const both = await sandbox.oauth2Token(
      grant(code, { client_id: clientId, client_secret: clientSecret }),
      auth,
    )
    await expectError(both, 400, 'invalid_request', errors.multipleClientAuth)
  })

  it('accepts Basic with a matching client_id in the form, refuses a different one', async () => {
    const sandbox = sandboxFixture()
    const ok = await sandbox.oauth2Token(
      grant(await sandbox.code('oauth2'), { client_id: clientId }),
      auth,
    )
    expect(ok.status).toBe(200)
    const other = await sandbox.oauth2Token(
      grant(await sandbox.code('oauth2'), { client_id: 'other' }),
      auth,
    )
    await expectError(other, 400, 'invalid_request', errors.clientIdMismatch)
  })

  it('answers Basic with 401 invalid_client for a client_secret_post client, keeping the code for the retry', async () => {
    const sandbox = sandboxFixture()
    sandbox.state.rhombus.registerClient({
      clientId,
      clientSecret,
      redirectUris: [redirectUri],
      tokenEndpointAuthMethod: 'client_secret_post',
    })
    const code = await sandbox.code('oauth2')
    const first = await sandbox.oauth2Token(grant(code), auth)
    expect(first.headers.get('www-authenticate')).toMatch(/^Basic /)
    await expectError(first, 401, 'invalid_client', errors.basicNotAllowed)
    const retry = await sandbox.oauth2Token(
      grant(code, { client_id: clientId, client_secret: clientSecret }),
    )
    expect(retry.status).toBe(200)
  })

  it('answers the form secret with 401 invalid_client for a client_secret_basic client', async () => {
    const sandbox = sandboxFixture()
    sandbox.state.rhombus.registerClient({
      clientId,
      clientSecret,
      redirectUris: [redirectUri],
      tokenEndpointAuthMethod: 'client_secret_basic',
    })
    const code = await sandbox.code('oauth2')
    const post = await sandbox.oauth2Token(
      grant(code, { client_id: clientId, client_secret: clientSecret }),
    )
    await expectError(post, 401, 'invalid_client', errors.postNotAllowed)
    expect((await sandbox.oauth2Token(grant(code), auth)).status).toBe(200)
  })

  it('form-urlencodes id and secret before base64 in Basic (RFC 6749 §2.3.1)', async () => {
    const id = 'app: one'
    const secret = 'p+ss:w%rd é'
    const sandbox = sandboxFixture({
      clients: [{ clientId: id, clientSecret: secret, redirectUris: [redirectUri] }],
    })
    const callback = await sandbox.callback('oauth2', 'approve', { client_id: id })
    const good = await sandbox.oauth2Token(grant(callback.searchParams.get('code')!), {
      authorization: basic(id, secret),
    })
    expect(good.status).toBe(200)
    const raw = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
    const callback2 = await sandbox.callback('oauth2', 'approve', { client_id: id })
    const bad = await sandbox.oauth2Token(grant(callback2.searchParams.get('code')!), {
      authorization: raw,
    })
    expect(bad.status).toBe(401)
    expect((await bad.json()).error).toBe('invalid_client')
  })

  it('refuses unknown clients, wrong secrets and missing client authentication with 401', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const cases: Array<[Record<string, string>, Record<string, string>, string]> = [
      [{}, { authorization: basic('nobody', clientSecret) }, errors.unknownClient],
      [{}, { authorization: basic(clientId, 'wrong') }, errors.wrongSecret],
      [{ client_id: clientId, client_secret: 'wrong' }, {}, errors.wrongSecret],
      [{ client_id: clientId }, {}, errors.noClientAuth],
      [{}, {}, errors.noClientAuth],
      [{}, { authorization: 'Bearer abc' }, errors.malformedBasic],
      [
        {},
        { authorization: `Basic ${Buffer.from('no-colon').toString('base64')}` },
        errors.malformedBasic,
      ],
    ]
    for (const [form, headers, description] of cases) {
      await expectError(
        await sandbox.oauth2Token(grant(code, form), headers),
        401,
        'invalid_client',
        description,
      )
    }
    // None of these spent the code.
    expect((await sandbox.oauth2Token(grant(code), auth)).status).toBe(200)
  })

  it('checks grant_type and the required parameters', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    await expectError(
      await sandbox.oauth2Token(grant(code, { grant_type: 'client_credentials' }), auth),
      400,
      'unsupported_grant_type',
      errors.unsupportedGrantType,
    )
    const { grant_type: _, ...noGrantType } = grant(code)
    await expectError(
      await sandbox.oauth2Token(noGrantType, auth),
      400,
      'invalid_request',
      errors.missingGrantType,
    )
    const { code_verifier: __, ...noVerifier } = grant(code)
    await expectError(
      await sandbox.oauth2Token(noVerifier, auth),
      400,
      'invalid_request',
      errors.missingParameter,
    )
  })

  it('refuses a repeated parameter', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    const response = await sandbox.request('/rhombus/auth-web/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
      body: `${new URLSearchParams(grant(code))}&code=${code}`,
    })
    await expectError(response, 400, 'invalid_request', errors.repeatedParameter)
  })

  it('refuses a code issued by the legacy authorize page, which stays redeemable there', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('legacy')
    await expectError(
      await sandbox.oauth2Token(grant(code), auth),
      400,
      'invalid_grant',
      errors.wrongDialectCode,
    )
    expect((await sandbox.legacyToken(code)).status).toBe(200)
  })

  it('refuses a code issued to another client', async () => {
    const sandbox = sandboxFixture()
    sandbox.state.rhombus.registerClient({
      clientId: 'other',
      clientSecret: 'other-secret',
      redirectUris: [redirectUri],
    })
    const code = await sandbox.code('oauth2')
    const response = await sandbox.oauth2Token(grant(code), {
      authorization: basic('other', 'other-secret'),
    })
    await expectError(response, 400, 'invalid_grant', errors.codeClientMismatch)
  })

  it('issues a partner token for Approve as partner', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.oauth2Token(
      grant(await sandbox.code('oauth2', 'approve_partner')),
      auth,
    )
    const { access_token } = await response.json()
    expect((await sandbox.getUsersInOrg(access_token, 'partner-api-oauth-token')).status).toBe(200)
    expect((await sandbox.getUsersInOrg(access_token)).status).toBe(401)
  })
})

describe('oauth2 refresh (rotation, as the newest Rhombus CLI)', () => {
  it('answers new access and refresh tokens for the same account, spending the presented one', async () => {
    const sandbox = sandboxFixture()
    const first = await sandbox.oauth2Tokens()
    const response = await sandbox.oauth2Refresh(first.refresh_token, { client_id: clientId })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const second = await response.json()
    expect(second).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'api',
    })
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(subjectOf(second.access_token)).toBe(rhombusAccounts.standard.user.uuid)
    expect((await sandbox.getUsersInOrg(second.access_token)).status).toBe(200)

    // Single use: the first refresh token is spent, the new one works once.
    await expectError(
      await sandbox.oauth2Refresh(first.refresh_token),
      400,
      'invalid_grant',
      errors.reusedRefreshToken,
    )
    const third = await sandbox.oauth2Refresh(second.refresh_token)
    expect(third.status).toBe(200)
    expect(sandbox.state.rhombus.tokenStats()).toEqual({
      codeExchanges: 1,
      refreshes: 3,
      refusedRefreshes: 1,
      reusedRefreshTokens: 1,
    })
  })

  it('keeps a partner a partner, and lets the new token expire after tokenTtlSeconds', async () => {
    const sandbox = sandboxFixture({ tokenTtlSeconds: 60 })
    const first = await sandbox.oauth2Tokens('approve_partner')
    sandbox.advance(59_000)
    const { access_token } = await (await sandbox.oauth2Refresh(first.refresh_token)).json()
    expect(subjectOf(access_token)).toBe(rhombusAccounts.partner.user.uuid)
    sandbox.advance(59_000)
    // The first token expired, the refreshed one has a second to go.
    expect(
      (await sandbox.getUsersInOrg(first.access_token, 'partner-api-oauth-token')).status,
    ).toBe(401)
    expect((await sandbox.getUsersInOrg(access_token, 'partner-api-oauth-token')).status).toBe(200)
  })

  it('accepts client_secret_post on a refresh', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens()
    const response = await sandbox.oauth2Refresh(
      refresh_token,
      { client_id: clientId, client_secret: clientSecret },
      {},
    )
    expect(response.status).toBe(200)
  })

  it('refuses unknown, revoked, other-client and legacy refresh tokens with invalid_grant', async () => {
    const sandbox = sandboxFixture()
    sandbox.state.rhombus.registerClient({
      clientId: 'other',
      clientSecret: 'other-secret',
      redirectUris: [redirectUri],
    })
    await expectError(
      await sandbox.oauth2Refresh('rt_never-issued'),
      400,
      'invalid_grant',
      errors.unknownRefreshToken,
    )

    const mine = await sandbox.oauth2Tokens()
    await expectError(
      await sandbox.oauth2Refresh(
        mine.refresh_token,
        {},
        { authorization: basic('other', 'other-secret') },
      ),
      400,
      'invalid_grant',
      errors.refreshTokenClientMismatch,
    )
    // Another client's attempt left it alone.
    const rotated = await (await sandbox.oauth2Refresh(mine.refresh_token)).json()

    const legacy = await (await sandbox.legacyToken(await sandbox.code('legacy'))).json()
    await expectError(
      await sandbox.oauth2Refresh(legacy.refreshToken),
      400,
      'invalid_grant',
      errors.legacyRefreshToken,
    )

    const revoked = await sandbox.request('/__sandbox/rhombus/revoke-refresh-tokens', {
      method: 'POST',
    })
    // The rotated one and the legacy one were live.
    expect(await revoked.json()).toEqual({ revoked: 2 })
    await expectError(
      await sandbox.oauth2Refresh(rotated.refresh_token),
      400,
      'invalid_grant',
      errors.revokedRefreshToken,
    )
    // Revoking refresh tokens leaves access tokens alone.
    expect((await sandbox.getUsersInOrg(rotated.access_token)).status).toBe(200)
    expect(sandbox.state.rhombus.tokenStats()).toMatchObject({
      refreshes: 5,
      refusedRefreshes: 4,
      reusedRefreshTokens: 0,
    })
  })

  it('checks refresh_token and scope, and authenticates the client first without spending the token', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens()
    await expectError(
      await sandbox.oauth2Token(
        { grant_type: 'refresh_token' },
        { authorization: basic(clientId, clientSecret) },
      ),
      400,
      'invalid_request',
      errors.missingRefreshToken,
    )
    await expectError(
      await sandbox.oauth2Refresh(refresh_token, { scope: 'admin' }),
      400,
      'invalid_scope',
      errors.invalidScope,
    )
    await expectError(
      await sandbox.oauth2Refresh(refresh_token, {}, { authorization: basic(clientId, 'wrong') }),
      401,
      'invalid_client',
      errors.wrongSecret,
    )
    await expectError(
      await sandbox.oauth2Refresh(refresh_token, { client_id: clientId }, {}),
      401,
      'invalid_client',
      errors.noClientAuth,
    )
    expect((await sandbox.oauth2Refresh(refresh_token, { scope: 'api' })).status).toBe(200)
    expect(sandbox.state.rhombus.tokenStats()).toEqual({
      codeExchanges: 1,
      refreshes: 5,
      refusedRefreshes: 4,
      reusedRefreshTokens: 0,
    })
  })

  it('marks token requests in the request log with their grant, never a token', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens()
    await sandbox.oauth2Refresh(refresh_token)
    await sandbox.legacyToken(await sandbox.code('legacy'))
    const tokenRecords = sandbox.state.log.records.filter((r) => r.path === '/oauth/token')
    expect(tokenRecords.map((r) => [r.role, r.grant])).toEqual([
      ['auth-web', 'authorization_code'],
      ['auth-web', 'refresh_token'],
      ['auth', 'AUTHORIZATION_CODE'],
    ])
    const others = sandbox.state.log.records.filter((r) => r.path !== '/oauth/token')
    expect(others.length).toBeGreaterThan(0)
    expect(others.every((r) => !('grant' in r))).toBe(true)
  })

  it('GET /__sandbox/rhombus/token-stats reads the counters, DELETE resets them', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens()
    await sandbox.oauth2Refresh(refresh_token)
    await sandbox.oauth2Refresh(refresh_token)
    const stats = await sandbox.request('/__sandbox/rhombus/token-stats')
    expect(stats.status).toBe(200)
    const text = await stats.text()
    expect(text).not.toContain(refresh_token)
    expect(JSON.parse(text)).toEqual({
      codeExchanges: 1,
      refreshes: 2,
      refusedRefreshes: 1,
      reusedRefreshTokens: 1,
    })
    const reset = await sandbox.request('/__sandbox/rhombus/token-stats', { method: 'DELETE' })
    expect(reset.status).toBe(204)
    expect(await (await sandbox.request('/__sandbox/rhombus/token-stats')).json()).toEqual({
      codeExchanges: 0,
      refreshes: 0,
      refusedRefreshes: 0,
      reusedRefreshTokens: 0,
    })
  })

  it('does not count a token request a fault answered', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens()
    await sandbox.request('/__sandbox/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: '/oauth/token',
        role: 'auth-web',
        fault: { kind: 'status', status: 503 },
        times: 1,
      }),
    })
    expect((await sandbox.oauth2Refresh(refresh_token)).status).toBe(503)
    expect(sandbox.state.rhombus.tokenStats().refreshes).toBe(0)
    // The faulted request never reached the emulator: the token is still live.
    expect((await sandbox.oauth2Refresh(refresh_token)).status).toBe(200)
  })
})

describe('oauth2 public clients (token_endpoint_auth_method none)', () => {
  const publicClient = { clientId: 'public-cli', redirectUris: [redirectUri] }

  async function publicCode(sandbox: ReturnType<typeof sandboxFixture>) {
    const callback = await sandbox.callback('oauth2', 'approve', {
      client_id: publicClient.clientId,
    })
    return callback.searchParams.get('code')!
  }

  it('exchanges a code and refreshes with client_id alone', async () => {
    const sandbox = sandboxFixture({ clients: [publicClient] })
    expect(sandbox.state.rhombus.findClient('public-cli')?.tokenEndpointAuthMethod).toBe('none')
    const exchanged = await sandbox.oauth2Token(
      grant(await publicCode(sandbox), { client_id: publicClient.clientId }),
    )
    expect(exchanged.status).toBe(200)
    const { refresh_token } = await exchanged.json()
    const refreshed = await sandbox.oauth2Refresh(refresh_token, { client_id: 'public-cli' }, {})
    expect(refreshed.status).toBe(200)
    const { access_token } = await refreshed.json()
    expect((await sandbox.getUsersInOrg(access_token)).status).toBe(200)
  })

  it('refuses a secret or HTTP Basic from a public client, keeping the code', async () => {
    const sandbox = sandboxFixture({ clients: [publicClient] })
    const code = await publicCode(sandbox)
    await expectError(
      await sandbox.oauth2Token(grant(code, { client_id: 'public-cli', client_secret: 'guess' })),
      401,
      'invalid_client',
      errors.publicClientSecret,
    )
    await expectError(
      await sandbox.oauth2Token(grant(code), { authorization: basic('public-cli', '') }),
      401,
      'invalid_client',
      errors.publicClientSecret,
    )
    expect((await sandbox.oauth2Token(grant(code, { client_id: 'public-cli' }))).status).toBe(200)
  })

  it('refuses a confidential client that sends no secret, on a refresh too', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens()
    await expectError(
      await sandbox.oauth2Refresh(refresh_token, { client_id: clientId }, {}),
      401,
      'invalid_client',
      errors.noClientAuth,
    )
  })

  it('registers a public client by dynamic registration: no client_secret in the answer', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request('/rhombus/auth-web/oauth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'rhombus-cli',
        redirect_uris: [redirectUri],
        token_endpoint_auth_method: 'none',
      }),
    })
    expect(response.status).toBe(201)
    const body = await response.json()
    expect(body).toEqual({
      client_id: expect.any(String),
      client_id_issued_at: expect.any(Number),
      client_name: 'rhombus-cli',
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    })
    const callback = await sandbox.callback('oauth2', 'approve', { client_id: body.client_id })
    const exchanged = await sandbox.oauth2Token(
      grant(callback.searchParams.get('code')!, { client_id: body.client_id }),
    )
    expect(exchanged.status).toBe(200)
  })

  it('registers a public client through POST /__sandbox/clients', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request('/__sandbox/clients', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...publicClient, tokenEndpointAuthMethod: 'none' }),
    })
    expect(response.status).toBe(201)
    expect(await response.json()).toEqual({ ...publicClient, tokenEndpointAuthMethod: 'none' })
    const exchanged = await sandbox.oauth2Token(
      grant(await publicCode(sandbox), { client_id: 'public-cli' }),
    )
    expect(exchanged.status).toBe(200)
  })

  it('cannot use the legacy token endpoint, which needs a secret', async () => {
    const sandbox = sandboxFixture({ clients: [publicClient] })
    const callback = await sandbox.callback('legacy', 'approve', { client_id: 'public-cli' })
    const response = await sandbox.legacyToken(callback.searchParams.get('code')!, {
      clientId: 'public-cli',
      clientSecret: '',
    })
    expect(response.status).toBe(401)
    expect(await response.json()).toEqual({
      error: true,
      errorMsg: rhombusLegacyErrors.publicClient,
    })
  })

  it('refuses a client whose secret and method disagree', () => {
    const state = sandboxFixture().state.rhombus
    expect(() =>
      state.registerClient({ ...publicClient, clientSecret: 's', tokenEndpointAuthMethod: 'none' }),
    ).toThrow(TypeError)
    expect(() =>
      state.registerClient({ ...publicClient, tokenEndpointAuthMethod: 'client_secret_post' }),
    ).toThrow(/needs a clientSecret/)
  })
})

describe('API calls with a refreshed token', () => {
  it('act as the same account', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.oauth2Tokens('approve_other')
    const { access_token } = await (await sandbox.oauth2Refresh(refresh_token)).json()
    const org = await sandbox.rhombusApi('/api/org/getOrgV2', tokenHeaders(access_token))
    expect((await org.json()).org).toEqual({ uuid: 'sbxOrgSandboxSecond001', name: 'Second Org' })
  })
})
