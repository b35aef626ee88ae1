import { describe, expect, it } from 'vitest'
import {
  basic,
  envoyClientId,
  envoyClientSecret,
  envoyRedirectUri,
  sandboxFixture,
} from '../__tests__/sandboxFixture.js'
import { envoyTokenErrors as errors } from './envoyErrorTexts.js'

type Fixture = ReturnType<typeof sandboxFixture>

async function expectError(response: Response, status: number, error: string, description: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toEqual({ error, error_description: description })
}

const codeGrant = (code: string, extra: Record<string, unknown> = {}) => ({
  grant_type: 'authorization_code',
  code,
  client_id: envoyClientId,
  client_secret: envoyClientSecret,
  ...extra,
})

const revoke = (sandbox: Fixture, body: unknown) =>
  sandbox.request('/__sandbox/envoy/revoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('Envoy token endpoint: authorization_code', () => {
  it('answers the guide’s response, field for field, uncacheable', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.envoyToken(codeGrant(await sandbox.envoyCode()))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toEqual({
      token_type: 'Bearer',
      access_token: expect.any(String),
      expires_in: 86400,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2592000,
      state: null,
      company_id: '10000',
    })
    expect(Object.keys(body)).toEqual([
      'token_type',
      'access_token',
      'expires_in',
      'refresh_token',
      'refresh_token_expires_in',
      'state',
      'company_id',
    ])
    expect(body.access_token).not.toBe(body.refresh_token)
  })

  it('takes the lifetimes from the options', async () => {
    const sandbox = sandboxFixture({
      envoyAccessTokenTtlSeconds: 60,
      envoyRefreshTokenTtlSeconds: 120,
    })
    expect(await sandbox.envoyTokens()).toMatchObject({
      expires_in: 60,
      refresh_token_expires_in: 120,
    })
  })

  it.each([
    ['a form body', 'application/x-www-form-urlencoded'],
    ['text', 'text/plain'],
  ])('refuses %s with 415: JSON only', async (_, type) => {
    const sandbox = sandboxFixture()
    const code = await sandbox.envoyCode()
    await expectError(
      await sandbox.envoyToken(new URLSearchParams(codeGrant(code)).toString(), {
        'content-type': type,
      }),
      415,
      'invalid_request',
      errors.unsupportedMediaType,
    )
  })

  it('refuses a body without Content-Type with 415', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request('/envoy/app/a/auth/v0/token', {
      method: 'POST',
      body: new Blob([JSON.stringify(codeGrant('x'))]),
    })
    expect(response.status).toBe(415)
  })

  it('accepts a charset parameter on application/json', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.envoyToken(codeGrant(await sandbox.envoyCode()), {
      'content-type': 'application/json; charset=utf-8',
    })
    expect(response.status).toBe(200)
  })

  it.each([
    ['not JSON', 'grant_type=authorization_code'],
    ['an array', '[]'],
    ['null', 'null'],
  ])('refuses %s with 400 invalid_request', async (_, body) => {
    await expectError(
      await sandboxFixture().envoyToken(body),
      400,
      'invalid_request',
      errors.invalidBody,
    )
  })

  it('refuses a missing or unknown grant_type', async () => {
    const sandbox = sandboxFixture()
    const { grant_type: _, ...noGrant } = codeGrant('x')
    await expectError(
      await sandbox.envoyToken(noGrant),
      400,
      'invalid_request',
      errors.missingGrantType,
    )
    await expectError(
      await sandbox.envoyToken(codeGrant('x', { grant_type: 'client_credentials' })),
      400,
      'unsupported_grant_type',
      errors.unsupportedGrantType,
    )
  })

  it('authenticates the app from the JSON body only: 401 invalid_client otherwise', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.envoyCode()
    const { client_secret: _, ...noSecret } = codeGrant(code)
    await expectError(
      await sandbox.envoyToken(noSecret),
      401,
      'invalid_client',
      errors.noClientAuth,
    )
    await expectError(
      await sandbox.envoyToken(noSecret, {
        authorization: basic(envoyClientId, envoyClientSecret),
      }),
      401,
      'invalid_client',
      errors.noClientAuth,
    )
    await expectError(
      await sandbox.envoyToken(codeGrant(code, { client_id: 'nobody' })),
      401,
      'invalid_client',
      errors.unknownClient,
    )
    await expectError(
      await sandbox.envoyToken(codeGrant(code, { client_secret: 'wrong' })),
      401,
      'invalid_client',
      errors.wrongSecret,
    )
    // None of those spent the code.
    expect((await sandbox.envoyToken(codeGrant(code))).status).toBe(200)
  })

  it('exchanges a code once', async () => {
    const sandbox = sandboxFixture()
    const code = await sandbox.envoyCode()
    expect((await sandbox.envoyToken(codeGrant(code))).status).toBe(200)
    await expectError(
      await sandbox.envoyToken(codeGrant(code)),
      400,
      'invalid_grant',
      errors.invalidCode,
    )
  })

  it('refuses a missing or unknown code', async () => {
    const sandbox = sandboxFixture()
    const { code: _, ...noCode } = codeGrant('x')
    await expectError(await sandbox.envoyToken(noCode), 400, 'invalid_request', errors.missingCode)
    await expectError(
      await sandbox.envoyToken(codeGrant('envoy_code_forged')),
      400,
      'invalid_grant',
      errors.invalidCode,
    )
  })

  it('refuses a code after codeTtlSeconds, and spends it', async () => {
    const sandbox = sandboxFixture({ codeTtlSeconds: 5 })
    const code = await sandbox.envoyCode()
    sandbox.advance(5_000)
    await expectError(
      await sandbox.envoyToken(codeGrant(code)),
      400,
      'invalid_grant',
      errors.codeExpired,
    )
    await expectError(
      await sandbox.envoyToken(codeGrant(code)),
      400,
      'invalid_grant',
      errors.invalidCode,
    )
  })

  it('refuses a code issued to another app', async () => {
    const sandbox = sandboxFixture({
      envoyClients: [
        {
          clientId: envoyClientId,
          clientSecret: envoyClientSecret,
          redirectUris: [envoyRedirectUri],
        },
        { clientId: 'other', clientSecret: 'other-secret', redirectUris: [envoyRedirectUri] },
      ],
    })
    const code = await sandbox.envoyCode()
    await expectError(
      await sandbox.envoyToken(
        codeGrant(code, { client_id: 'other', client_secret: 'other-secret' }),
      ),
      400,
      'invalid_grant',
      errors.codeClientMismatch,
    )
  })
})

describe('Envoy token endpoint: refresh_token', () => {
  it('answers a new access token and a rotated refresh token', async () => {
    const sandbox = sandboxFixture()
    const first = await sandbox.envoyTokens()
    const response = await sandbox.envoyRefresh(first.refresh_token)
    expect(response.status).toBe(200)
    const second = await response.json()
    expect(second).toEqual({
      token_type: 'Bearer',
      access_token: expect.any(String),
      expires_in: 86400,
      refresh_token: expect.any(String),
      refresh_token_expires_in: 2592000,
      state: null,
      company_id: '10000',
    })
    expect(second.access_token).not.toBe(first.access_token)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect((await sandbox.envoyLocations(`Bearer ${second.access_token}`)).status).toBe(200)
    expect((await sandbox.envoyRefresh(second.refresh_token)).status).toBe(200)
  })

  it('refuses the old refresh token once rotated: invalid_grant', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.envoyTokens()
    expect((await sandbox.envoyRefresh(refresh_token)).status).toBe(200)
    await expectError(
      await sandbox.envoyRefresh(refresh_token),
      400,
      'invalid_grant',
      errors.refreshTokenRotated,
    )
  })

  it('gives one of two concurrent refreshes with the same token invalid_grant', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.envoyTokens()
    const statuses = await Promise.all(
      [1, 2].map(async () => (await sandbox.envoyRefresh(refresh_token)).status),
    )
    expect(statuses.sort()).toEqual([200, 400])
  })

  it('needs the token.refresh scope granted at authorize time', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.envoyTokens({ scope: 'locations.read' })
    await expectError(
      await sandbox.envoyRefresh(refresh_token),
      400,
      'invalid_grant',
      errors.refreshScopeMissing,
    )
  })

  it('refuses an expired refresh token', async () => {
    const sandbox = sandboxFixture({ envoyRefreshTokenTtlSeconds: 60 })
    const { refresh_token } = await sandbox.envoyTokens()
    sandbox.advance(60_000)
    await expectError(
      await sandbox.envoyRefresh(refresh_token),
      400,
      'invalid_grant',
      errors.refreshTokenExpired,
    )
  })

  it('refuses a refresh token revoked by the control route, leaving others alone', async () => {
    const sandbox = sandboxFixture()
    const first = await sandbox.envoyTokens()
    const other = await sandbox.envoyTokens()
    const response = await revoke(sandbox, { refresh_token: first.refresh_token })
    expect(await response.json()).toEqual({ revoked: 1 })
    await expectError(
      await sandbox.envoyRefresh(first.refresh_token),
      400,
      'invalid_grant',
      errors.refreshTokenRevoked,
    )
    expect((await sandbox.envoyRefresh(other.refresh_token)).status).toBe(200)
  })

  it('revokes every live refresh token when none is named, and 404s an unknown one', async () => {
    const sandbox = sandboxFixture()
    const tokens = [await sandbox.envoyTokens(), await sandbox.envoyTokens()]
    expect(await (await revoke(sandbox, {})).json()).toEqual({ revoked: 2 })
    for (const { refresh_token } of tokens) {
      expect((await sandbox.envoyRefresh(refresh_token)).status).toBe(400)
    }
    expect((await revoke(sandbox, { refresh_token: 'nope' })).status).toBe(404)
    expect((await revoke(sandbox, { refresh_token: 42 })).status).toBe(400)
  })

  it('refuses an unknown or missing refresh token', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.envoyRefresh('envoy_rt_forged'),
      400,
      'invalid_grant',
      errors.invalidRefreshToken,
    )
    await expectError(
      await sandbox.envoyToken({
        grant_type: 'refresh_token',
        client_id: envoyClientId,
        client_secret: envoyClientSecret,
      }),
      400,
      'invalid_request',
      errors.missingRefreshToken,
    )
  })

  it('refuses a refresh token of another app', async () => {
    const sandbox = sandboxFixture({
      envoyClients: [
        {
          clientId: envoyClientId,
          clientSecret: envoyClientSecret,
          redirectUris: [envoyRedirectUri],
        },
        { clientId: 'other', clientSecret: 'other-secret', redirectUris: [envoyRedirectUri] },
      ],
    })
    const { refresh_token } = await sandbox.envoyTokens()
    await expectError(
      await sandbox.envoyToken({
        grant_type: 'refresh_token',
        refresh_token,
        client_id: 'other',
        client_secret: 'other-secret',
      }),
      400,
      'invalid_grant',
      errors.refreshTokenClientMismatch,
    )
  })

  it('lets a test force a refresh: expired access tokens get 401, a refresh works again', async () => {
    const sandbox = sandboxFixture()
    const first = await sandbox.envoyTokens()
    const expire = await sandbox.request('/__sandbox/envoy/expire-access-tokens', {
      method: 'POST',
    })
    expect(await expire.json()).toEqual({ expired: 1 })
    expect((await sandbox.envoyLocations(`Bearer ${first.access_token}`)).status).toBe(401)
    const second = await (await sandbox.envoyRefresh(first.refresh_token)).json()
    expect((await sandbox.envoyLocations(`Bearer ${second.access_token}`)).status).toBe(200)
  })

  it('logs every token request as provider envoy, role app, so tests can count refreshes', async () => {
    const sandbox = sandboxFixture()
    const { refresh_token } = await sandbox.envoyTokens()
    await sandbox.envoyRefresh(refresh_token)
    const tokenRequests = sandbox.state.log.records.filter(
      (r) => r.provider === 'envoy' && r.role === 'app' && r.path === '/a/auth/v0/token',
    )
    expect(tokenRequests.map((r) => JSON.parse(r.body).grant_type)).toEqual([
      'authorization_code',
      'refresh_token',
    ])
  })
})
