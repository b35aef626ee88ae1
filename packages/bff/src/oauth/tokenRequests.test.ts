import { afterEach, describe, expect, it } from 'vitest'
import { spyLogger, verifier } from '../__tests__/bffTestKit.js'
import { fakeUpstream } from '../__tests__/fakeUpstream.js'
import { envoyOAuthProvider } from '../envoy/envoyOAuthProvider.js'
import { BffError } from '../http/BffError.js'
import { callUpstream } from '../http/callUpstream.js'
import type { OAuthProvider } from './OAuthProvider.js'
import {
  authorizationCodeGrantRequest,
  processAuthorizationCodeResponse,
  processRefreshTokenResponse,
  refreshTokenGrantRequest,
  validateIssuer,
} from './tokenRequests.js'

const client = { clientId: 'client id:1', clientSecret: 's3cr3t+/=&secret' }
const standard: OAuthProvider = {
  tokenEndpoint: 'https://as.test/token',
  encoding: 'form',
  clientAuth: 'client_secret_basic',
  issuer: 'https://as.test',
  name: 'the test server',
}
const basic = `Basic ${Buffer.from('client+id%3A1:s3cr3t%2B%2F%3D%26secret').toString('base64')}`
const response = (body: unknown, status = 200) => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
})

function thrown(run: () => unknown): BffError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(BffError)
    return error as BffError
  }
  throw new Error('expected a BffError')
}

describe('generic token requests (RFC 6749, RFC 7636)', () => {
  it('authorization_code, form + client_secret_basic + PKCE code_verifier', () => {
    const request = authorizationCodeGrantRequest(standard, client, {
      code: 'the code',
      redirectUri: 'http://localhost:5173/cb',
      codeVerifier: verifier,
    })
    expect(request).toEqual({
      url: 'https://as.test/token',
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authorization: basic,
      },
      body: `grant_type=authorization_code&code=the+code&redirect_uri=http%3A%2F%2Flocalhost%3A5173%2Fcb&code_verifier=${verifier}`,
    })
  })

  it('client_secret_post puts the credentials in the form, never in a header', () => {
    const request = authorizationCodeGrantRequest(
      { ...standard, clientAuth: 'client_secret_post' },
      client,
      { code: 'c' },
    )
    expect(request.headers.authorization).toBeUndefined()
    expect(request.body).toBe(
      'grant_type=authorization_code&code=c&client_id=client+id%3A1&client_secret=s3cr3t%2B%2F%3D%26secret',
    )
  })

  it('refresh_token, form + basic, with an optional scope', () => {
    const request = refreshTokenGrantRequest(standard, client, 'rt/1', { scope: 'a b' })
    expect(request.headers.authorization).toBe(basic)
    expect(request.body).toBe('grant_type=refresh_token&refresh_token=rt%2F1&scope=a+b')
  })

  it("Envoy's exact JSON token bodies, byte for byte (envoy.md)", () => {
    const envoy = envoyOAuthProvider('https://app.envoy.com')
    const credentials = { clientId: 'YOUR_CLIENT_ID', clientSecret: 'YOUR_SECRET' }
    const exchange = authorizationCodeGrantRequest(envoy, credentials, {
      code: 'YOUR_AUTHORIZATION_CODE',
    })
    expect(exchange).toEqual({
      url: 'https://app.envoy.com/a/auth/v0/token',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"grant_type":"authorization_code","code":"YOUR_AUTHORIZATION_CODE","client_id":"YOUR_CLIENT_ID","client_secret":"YOUR_SECRET"}',
    })
    const refresh = refreshTokenGrantRequest(envoy, credentials, 'REFRESH_TOKEN')
    expect(refresh.body).toBe(
      '{"grant_type":"refresh_token","refresh_token":"REFRESH_TOKEN","client_id":"YOUR_CLIENT_ID","client_secret":"YOUR_SECRET"}',
    )
  })

  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
  })

  it('works against a real HTTP token endpoint through callUpstream', async () => {
    const server = await fakeUpstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 60 }))
    })
    closers.push(server.close)
    const call = callUpstream({
      fetch: (url, init) => fetch(url, init),
      timeoutMs: 2000,
      maxBytes: 65536,
      logger: spyLogger(),
    })
    const provider = { ...standard, tokenEndpoint: `${server.url}/token` }
    const tokens = processAuthorizationCodeResponse(
      provider,
      await call(
        authorizationCodeGrantRequest(provider, client, { code: 'c', codeVerifier: verifier }),
      ),
    )
    expect(tokens).toMatchObject({ accessToken: 'at', tokenType: 'Bearer', expiresIn: 60 })
    const [seen] = server.requests
    expect(seen?.headers.authorization).toBe(basic)
    expect(seen?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(seen?.body).toBe(`grant_type=authorization_code&code=c&code_verifier=${verifier}`)
  })
})

describe('18./19. token responses are validated and errors mapped (RFC 6749 §5.1, §5.2)', () => {
  it('returns the tokens, the extras kept in parameters', () => {
    const tokens = processAuthorizationCodeResponse(
      { name: 'Envoy' },
      response({
        token_type: 'Bearer',
        access_token: 'at',
        expires_in: 86400,
        refresh_token: 'rt',
        refresh_token_expires_in: 2592000,
        state: null,
        company_id: '10000',
      }),
    )
    expect(tokens).toMatchObject({
      accessToken: 'at',
      expiresIn: 86400,
      refreshToken: 'rt',
      refreshTokenExpiresIn: 2592000,
    })
    expect(tokens.parameters.company_id).toBe('10000')
  })

  it('a refresh answer without refresh_token keeps the one sent (RFC 6749 §6)', () => {
    expect(
      processRefreshTokenResponse({}, response({ access_token: 'at2' }), 'rt1').refreshToken,
    ).toBe('rt1')
  })

  it.each([
    ['invalid_grant', 400, 'invalid_grant'],
    ['invalid_client', 401, 'invalid_client'],
    ['invalid_request', 400, 'invalid_request'],
    ['invalid_scope', 400, 'invalid_scope'],
    ['unauthorized_client', 400, 'unauthorized_client'],
    ['unsupported_grant_type', 400, 'unsupported_grant_type'],
    ['made_up', 400, 'upstream_error'],
  ])('18. error %s (HTTP %i) → %s, error and description kept', (error, status, code) => {
    const problem = thrown(() =>
      processRefreshTokenResponse({}, response({ error, error_description: 'why' }, status), 'rt'),
    )
    expect(problem).toMatchObject({ code, error, error_description: 'why' })
  })

  it.each([
    ['5xx', response('boom', 500), 'upstream_unavailable', 502],
    ['503', response({ error: 'temporarily_unavailable' }, 503), 'upstream_unavailable', 503],
    ['non-JSON', response('<html>', 200), 'invalid_response', 502],
    ['a JSON array', response('[]', 200), 'invalid_response', 502],
    ['4xx without error', response({}, 400), 'invalid_response', 502],
    ['no access_token', response({ token_type: 'Bearer' }), 'invalid_response', 502],
    ['numeric access_token', response({ access_token: 1 }), 'invalid_response', 502],
    ['token_type mac', response({ access_token: 'a', token_type: 'mac' }), 'invalid_response', 502],
    [
      'string expires_in',
      response({ access_token: 'a', expires_in: '60' }),
      'invalid_response',
      502,
    ],
    [
      'negative expires_in',
      response({ access_token: 'a', expires_in: -1 }),
      'invalid_response',
      502,
    ],
    [
      'numeric refresh_token',
      response({ access_token: 'a', refresh_token: 5 }),
      'invalid_response',
      502,
    ],
  ] as const)('19. %s → %s', (_, answer, code, status) => {
    expect(thrown(() => processAuthorizationCodeResponse({}, answer))).toMatchObject({
      code,
      status,
    })
  })

  it('accepts token_type bearer in any case, or none', () => {
    for (const token_type of ['bearer', 'BEARER', undefined]) {
      expect(
        processAuthorizationCodeResponse({}, response({ access_token: 'a', token_type })),
      ).toMatchObject({ accessToken: 'a' })
    }
  })
})

describe('7. iss must equal the expected issuer (RFC 9207)', () => {
  it('accepts the issuer, or no iss unless required; refuses another', () => {
    expect(() => validateIssuer(standard, 'https://as.test')).not.toThrow()
    expect(() => validateIssuer(standard, undefined)).not.toThrow()
    expect(() => validateIssuer({}, 'https://anything.test')).not.toThrow()
    expect(thrown(() => validateIssuer(standard, 'https://evil.test'))).toMatchObject({
      code: 'iss_mismatch',
      status: 400,
    })
    expect(thrown(() => validateIssuer(standard, null, { required: true })).code).toBe(
      'iss_mismatch',
    )
  })
})
