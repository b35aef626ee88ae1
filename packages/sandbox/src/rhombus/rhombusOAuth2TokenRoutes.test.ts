import { describe, expect, it } from 'vitest'
import {
  basic,
  clientId,
  clientSecret,
  otherVerifier,
  redirectUri,
  sandboxFixture,
  verifier,
} from '../__tests__/sandboxFixture.js'
import { rhombusOAuth2Errors as errors } from './rhombusErrorTexts.js'

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

  it('redeems a code once', async () => {
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
      await sandbox.oauth2Token(grant(code, { grant_type: 'refresh_token' }), auth),
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
