import { describe, expect, it } from 'vitest'
import {
  clientId,
  clientSecret,
  otherVerifier,
  sandboxFixture,
} from '../__tests__/sandboxFixture.js'
import { rhombusLegacyErrors as errors } from './rhombusErrorTexts.js'

async function expectError(response: Response, status: number, errorMsg: string) {
  expect(response.status).toBe(status)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(await response.json()).toEqual({ error: true, errorMsg })
}

describe('legacy token endpoint', () => {
  it('exchanges a code with the right verifier', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.legacyToken(await sandbox.code('legacy'))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      accessTokenExpirationSec: 3600,
    })
    expect((await sandbox.getUsersInOrg(body.accessToken)).status).toBe(200)
  })

  it('refuses a refresh: the legacy dialect does not support it', async () => {
    const sandbox = sandboxFixture()
    const { refreshToken } = await (await sandbox.legacyToken(await sandbox.code('legacy'))).json()
    const request = (body: Record<string, unknown>) =>
      sandbox.request('/rhombus/auth/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-scheme': 'web2' },
        body: JSON.stringify(body),
      })
    for (const body of [
      { grantType: 'REFRESH_TOKEN', refreshToken, clientId, clientSecret },
      { grantType: 'refresh_token', refreshToken, clientId, clientSecret },
      { refreshToken },
    ]) {
      await expectError(await request(body), 400, errors.refreshUnsupported)
    }
    expect(errors.refreshUnsupported).toContain('not supported')
    expect(sandbox.state.rhombus.tokenStats()).toEqual({
      codeExchanges: 1,
      refreshes: 0,
      refusedRefreshes: 0,
      reusedRefreshTokens: 0,
    })
  })

  it('reports tokenTtlSeconds', async () => {
    const sandbox = sandboxFixture({ tokenTtlSeconds: 60 })
    const body = await (await sandbox.legacyToken(await sandbox.code('legacy'))).json()
    expect(body.accessTokenExpirationSec).toBe(60)
  })

  it('refuses a verifier that does not hash to the challenge', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('legacy')
    await expectError(
      await sandbox.legacyToken(code, { codeVerifier: otherVerifier }),
      400,
      errors.pkceMismatch,
    )
    await expectError(await sandbox.legacyToken(code), 400, errors.invalidCode)
  })

  it('exchanges a code once', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('legacy')
    expect((await sandbox.legacyToken(code)).status).toBe(200)
    await expectError(await sandbox.legacyToken(code), 400, errors.invalidCode)
  })

  it('expires codes after codeTtlSeconds', async () => {
    const sandbox = sandboxFixture({ codeTtlSeconds: 2 })
    const code = await sandbox.code('legacy')
    sandbox.advance(2_000)
    await expectError(await sandbox.legacyToken(code), 400, errors.codeExpired)
  })

  it('requires the exact redirectUri sent to /login', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('legacy')
    const response = await sandbox.legacyToken(code, {
      redirectUri: 'http://localhost:5174/oauth/callback/rhombus',
    })
    await expectError(response, 400, errors.redirectUriMismatch)
  })

  it('answers a form body with 415, naming the oauth2 dialect', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request('/rhombus/auth/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-auth-scheme': 'web2' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x' }).toString(),
    })
    await expectError(response, 415, errors.unsupportedMediaType)
    expect(errors.unsupportedMediaType).toContain('oauth2')
  })

  it('accepts a charset parameter on the JSON content type', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.legacyToken(
      await sandbox.code('legacy'),
      {},
      { 'content-type': 'application/json; charset=utf-8', 'x-auth-scheme': 'web2' },
    )
    expect(response.status).toBe(200)
  })

  it.each([
    ['missing', {}],
    ['api-token', { 'x-auth-scheme': 'api-token' }],
    ['api-oauth-token', { 'x-auth-scheme': 'api-oauth-token' }],
    ['Web2 (case matters)', { 'x-auth-scheme': 'Web2' }],
  ])('refuses x-auth-scheme %s with 401 naming the header', async (_, headers) => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('legacy')
    await expectError(await sandbox.legacyToken(code, {}, headers), 401, errors.wrongAuthScheme)
    expect(errors.wrongAuthScheme).toContain('x-auth-scheme: web2')
    expect((await sandbox.legacyToken(code)).status).toBe(200) // not spent
  })

  it('refuses an unknown clientId and a wrong clientSecret with 401', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('legacy')
    await expectError(
      await sandbox.legacyToken(code, { clientId: 'nobody' }),
      401,
      errors.unknownClient,
    )
    await expectError(
      await sandbox.legacyToken(code, { clientSecret: 'wrong' }),
      401,
      errors.invalidClientSecret,
    )
    expect((await sandbox.legacyToken(code)).status).toBe(200)
  })

  it.each([
    ['an extra field', { isPartner: 'true' }, errors.invalidBody],
    [
      'a snake_case field',
      { authorizationCode: undefined, authorization_code: 'x' },
      errors.invalidBody,
    ],
    ['a missing field', { codeChallengeType: undefined }, errors.invalidBody],
    ['a number', { codeVerifier: 42 }, errors.invalidBody],
    [
      'grantType authorization_code',
      { grantType: 'authorization_code' },
      errors.unsupportedGrantType,
    ],
    ['codeChallengeType plain', { codeChallengeType: 'plain' }, errors.unsupportedChallengeType],
  ])('refuses a body with %s', async (_, overrides, errorMsg) => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.legacyToken(await sandbox.code('legacy'), overrides),
      400,
      errorMsg,
    )
  })

  it('refuses malformed JSON', async () => {
    const response = await sandboxFixture().request('/rhombus/auth/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-scheme': 'web2' },
      body: '{"grantType":',
    })
    await expectError(response, 400, errors.invalidBody)
  })

  it('refuses a code issued by the oauth2 authorize page, which stays redeemable there', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.code('oauth2')
    await expectError(await sandbox.legacyToken(code), 400, errors.wrongDialectCode)
    const response = await sandbox.oauth2Token(
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost:5173/oauth/callback/rhombus',
        code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      },
      { authorization: `Basic ${Buffer.from('sandbox-client:sandbox-secret').toString('base64')}` },
    )
    expect(response.status).toBe(200)
  })

  it('issues a partner token for Approve as partner', async () => {
    const sandbox = sandboxFixture()
    const { accessToken } = await (
      await sandbox.legacyToken(await sandbox.code('legacy', 'approve_partner'))
    ).json()
    expect((await sandbox.getUsersInOrg(accessToken, 'partner-api-oauth-token')).status).toBe(200)
  })
})
