import { errorHints } from '@doorway/core'
import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  cookieOf,
  formOf,
  jwtAccessToken,
  oauth2Tokens,
  type Responder,
  redirectUri,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'

const exchange = (body: Record<string, unknown> = {}) =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code: 'the code', codeVerifier: verifier, redirectUri, ...body },
  })

const invalidClient = () =>
  Response.json({ error: 'invalid_client', error_description: 'bad client auth' }, { status: 401 })

/** form-urlencoded `client id:1` and `s3cr3t+/=&secret`, joined by `:`, base64 (RFC 6749 §2.3.1). */
const expectedBasic = `Basic ${Buffer.from('client+id%3A1:s3cr3t%2B%2F%3D%26secret').toString('base64')}`
/** The form fields of the code exchange (their order is no part of the contract). */
const expectedForm = {
  grant_type: 'authorization_code',
  code: 'the code',
  redirect_uri: redirectUri,
  code_verifier: verifier,
}

describe('oauth2 dialect exchange', () => {
  it('sends the documented form-encoded request with client_secret_basic, exactly (oauth4webapi)', async () => {
    const { app, calls } = testBff({ respond: () => oauth2Tokens() })
    const response = await app.request(exchange())
    expect(response.status).toBe(200)
    // The token request, then the token confirmed with Rhombus (getOrgV2 200: standard).
    expect(calls).toHaveLength(2)
    expect(calls[1]?.url).toBe('https://api.test/api/org/getOrgV2')
    expect(calls[1]?.headers).toMatchObject({
      'x-auth-scheme': 'api-oauth-token',
      'x-auth-access-token': 'at-SECRET-access',
    })
    expect(calls[1]?.body).toBe('{}')
    const [call] = calls
    expect(call?.url).toBe('https://auth.test/oauth/token')
    expect(call?.method).toBe('POST')
    expect(call?.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: expectedBasic,
    })
    expect(formOf(call?.body)).toEqual(expectedForm)
    expect(call?.init.redirect).toBe('manual')
    expect(call?.init.signal).toBeInstanceOf(AbortSignal)
  })

  it('retries once with client_secret_post after invalid_client, never both at once', async () => {
    const { app, calls } = testBff({
      respond: (_, i) => (i === 0 ? invalidClient() : oauth2Tokens()),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(200)
    expect(calls).toHaveLength(3) // two token requests, then getOrgV2
    expect(calls[1]?.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    })
    expect(formOf(calls[1]?.body)).toEqual({
      ...expectedForm,
      client_id: 'client id:1',
      client_secret: 's3cr3t+/=&secret',
    })
    expect(calls[0]?.body).not.toContain('client_secret')
  })

  it('refuses a code exchange answered without a refresh_token: 502 invalid_response, no session, the token unused', async () => {
    const { app, calls } = testBff({
      respond: () => oauth2Tokens({ refresh_token: undefined }),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    const problem = await response.json()
    expect(problem.code).toBe('invalid_response')
    expect(problem.detail).toContain('refresh_token')
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls.map((c) => c.url)).toEqual(['https://auth.test/oauth/token'])
  })

  it('a public client (no clientSecret) sends client_id in the form and no Basic header, once', async () => {
    const { app, calls } = testBff({
      rhombus: { clientSecret: undefined },
      respond: () => oauth2Tokens(),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(200)
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    })
    expect(formOf(calls[0]?.body)).toEqual({ ...expectedForm, client_id: 'client id:1' })
    expect(calls.filter((c) => c.url.endsWith('/oauth/token'))).toHaveLength(1)
  })

  it('18. a public client answered invalid_client does not retry: it has no secret to post', async () => {
    const { app, calls } = testBff({ rhombus: { clientSecret: undefined }, respond: invalidClient })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    expect((await response.json()).code).toBe('invalid_client')
    expect(calls).toHaveLength(1)
    expect(calls[0]?.body).not.toContain('client_secret')
  })

  it('a token Rhombus then refuses (getOrgV2 401) is 401 invalid_grant: no session, the code exchanged once', async () => {
    const { app, calls } = testBff({
      respond: (call) =>
        call.url.endsWith('/oauth/token')
          ? oauth2Tokens()
          : Response.json({ error: true }, { status: 401 }),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(401)
    expect((await response.json()).code).toBe('invalid_grant')
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls.filter((c) => c.url.endsWith('/oauth/token'))).toHaveLength(1)
  })

  it('18. gives up after the single client_secret_post retry', async () => {
    const { app, calls } = testBff({ respond: invalidClient })
    const response = await app.request(exchange())
    expect(calls).toHaveLength(2)
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ code: 'invalid_client', error: 'invalid_client' })
  })

  it.each([
    ['invalid_grant', () => Response.json({ error: 'invalid_grant' }, { status: 400 })],
    ['server error', () => new Response('oops', { status: 500 })],
    ['non-JSON', () => new Response('<html>', { status: 400 })],
    ['timeout', () => new Promise<Response>(() => {})],
    ['network failure', () => Promise.reject(new TypeError('fetch failed'))],
  ] as [string, Responder][])('18. a code exchange is never retried (%s)', async (_, respond) => {
    const { app, calls } = testBff({ respond, upstreamTimeoutMs: 50 })
    const response = await app.request(exchange())
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(calls).toHaveLength(1)
  })
})

describe('legacy dialect exchange', () => {
  const legacy = { protocol: 'legacy' as const }

  it('sends the published guide JSON body with x-auth-scheme: web2, byte for byte', async () => {
    const { app, calls } = testBff({
      rhombus: legacy,
      respond: () =>
        Response.json({ accessToken: 'at', refreshToken: 'rt', accessTokenExpirationSec: 3600 }),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(200)
    // The token request, then the token confirmed with Rhombus (getOrgV2).
    expect(calls.map((c) => c.url)).toEqual([
      'https://auth.test/oauth/token',
      'https://api.test/api/org/getOrgV2',
    ])
    expect(calls[1]?.headers['x-auth-access-token']).toBe('at')
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/json',
      'x-auth-scheme': 'web2',
    })
    expect(calls[0]?.body).toBe(
      JSON.stringify({
        grantType: 'AUTHORIZATION_CODE',
        authorizationCode: 'the code',
        clientId: 'client id:1',
        clientSecret: 's3cr3t+/=&secret',
        redirectUri,
        codeVerifier: verifier,
        codeChallengeType: 'S256',
      }),
    )
  })

  it('accepts a pre-exchanged accessToken without any token request, once Rhombus confirms it (getOrgV2)', async () => {
    const { app, calls } = testBff({
      rhombus: legacy,
      respond: () => Response.json({ org: { uuid: 'org-PRE', name: 'Pre' } }),
    })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { accessToken: 'pre-exchanged', redirectUri, isPartner: true },
      }),
    )
    expect(response.status).toBe(200)
    // Rhombus answered getOrgV2 with the standard scheme: not a partner, whatever the callback said.
    expect(await response.json()).toMatchObject({
      authenticated: true,
      isPartner: false,
      org: { uuid: 'org-PRE', name: 'Pre' },
    })
    expect(calls.map((c) => [c.url, c.headers['x-auth-access-token']])).toEqual([
      ['https://api.test/api/org/getOrgV2', 'pre-exchanged'],
    ])
  })

  it('a pre-exchanged token came through the browser: its claims never name the user (random id)', async () => {
    const { app } = testBff({ rhombus: legacy })
    const forged = jwtAccessToken('victim-user-uuid')
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { accessToken: forged, redirectUri },
      }),
    )
    expect(response.status).toBe(200)
    // No stable id: the session is not the victim's, and reaches none of their credentials.
    expect((await response.json()).user).toBeNull()
    const session = await app.request(
      bffRequest('GET', '/bff/session', { cookie: cookieOf(response) }),
    )
    expect((await session.json()).user).toBeNull()
  })

  it('refuses a pre-exchanged accessToken longer than 2048 characters with 400, before anything', async () => {
    const { app, calls } = testBff({ rhombus: legacy })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { accessToken: 'x'.repeat(2049), redirectUri },
      }),
    )
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'bad_request' })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls).toHaveLength(0)
  })

  it('refuses a pre-exchanged accessToken in the oauth2 dialect', async () => {
    const { app, calls } = testBff()
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', { body: { accessToken: 'x', redirectUri } }),
    )
    expect(response.status).toBe(400)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls).toHaveLength(0)
  })

  it.each([
    ['redirectUri mismatch', 'redirect_uri_mismatch'],
    ['Authorization code expired', 'code_expired'],
    ['codeVerifier does not hash to codeChallenge', 'pkce_mismatch'],
    ['Invalid x-auth-scheme, expected web2', 'wrong_auth_scheme'],
    ['Unknown client_id', 'invalid_client'],
    ['Something else went wrong', 'invalid_grant'],
  ] as const)('18. maps errorMsg "%s" to %s with its hint', async (errorMsg, code) => {
    const { app, calls } = testBff({
      rhombus: legacy,
      respond: () => Response.json({ error: true, errorMsg }),
    })
    const response = await app.request(exchange())
    const problem = await response.json()
    expect(problem).toMatchObject({ code, error_description: errorMsg, hint: errorHints[code] })
    expect(response.status).toBeGreaterThanOrEqual(400)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls).toHaveLength(1)
  })

  it('19. rejects a legacy response without a string accessToken', async () => {
    const { app } = testBff({ rhombus: legacy, respond: () => Response.json({ accessToken: 42 }) })
    const response = await app.request(exchange())
    expect(await response.json()).toMatchObject({ code: 'invalid_response' })
  })
})

describe('both dialects', () => {
  it.each([
    ['oauth2', 'RHOMBUS_PROTOCOL=legacy'],
    ['legacy', 'RHOMBUS_PROTOCOL=oauth2'],
  ] as const)(
    'an HTTP 415 from the %s endpoint is wrong_dialect naming %s',
    async (protocol, other) => {
      const { app, calls } = testBff({
        rhombus: { protocol },
        respond: () => new Response('Unsupported Media Type', { status: 415 }),
      })
      const response = await app.request(exchange())
      const problem = await response.json()
      expect(problem.code).toBe('wrong_dialect')
      expect(problem.detail).toContain(other)
      expect(calls).toHaveLength(1)
    },
  )

  it.each(['oauth2', 'legacy'] as const)(
    'a redirect URI that differs in any way is redirect_uri_mismatch before any upstream call (%s)',
    async (protocol) => {
      const { app, calls } = testBff({ rhombus: { protocol } })
      for (const other of [
        `${redirectUri}/`,
        redirectUri.replace('5173', '5174'),
        redirectUri.replace('http:', 'https:'),
        redirectUri.toUpperCase(),
      ]) {
        const response = await app.request(exchange({ redirectUri: other }))
        expect(response.status).toBe(400)
        expect((await response.json()).code).toBe('redirect_uri_mismatch')
        expect(response.headers.get('set-cookie')).toBeNull()
      }
      expect(calls).toHaveLength(0)
    },
  )
})

describe('18. token-endpoint errors map by their own codes', () => {
  it.each([
    [
      'invalid_grant',
      400,
      Response.json({ error: 'invalid_grant', error_description: 'used' }, { status: 400 }),
    ],
    ['invalid_request', 400, Response.json({ error: 'invalid_request' }, { status: 400 })],
    ['unauthorized_client', 502, Response.json({ error: 'unauthorized_client' }, { status: 400 })],
    [
      'unsupported_grant_type',
      502,
      Response.json({ error: 'unsupported_grant_type' }, { status: 400 }),
    ],
    ['upstream_error', 502, Response.json({ error: 'made_up_code' }, { status: 400 })],
    ['invalid_response', 502, new Response('<html>nope</html>', { status: 400 })],
    ['invalid_response', 502, new Response('not json', { status: 200 })],
    [
      'invalid_response',
      502,
      new Response(null, { status: 302, headers: { location: 'https://evil.test' } }),
    ],
    ['upstream_unavailable', 502, new Response('boom', { status: 500 })],
    [
      'upstream_unavailable',
      503,
      Response.json({ error: 'temporarily_unavailable' }, { status: 503 }),
    ],
  ] as const)('%s (HTTP %i to the browser)', async (code, status, upstream) => {
    const { app } = testBff({ respond: () => upstream })
    const response = await app.request(exchange())
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(response.headers.get('set-cookie')).toBeNull()
    const problem = await response.json()
    expect(problem.code).toBe(code)
    if (code === 'invalid_grant')
      expect(problem).toMatchObject({ error: 'invalid_grant', error_description: 'used' })
    if (code === 'upstream_error') expect(problem.error).toBe('made_up_code')
  })

  it('a timeout is 504 timeout, a network failure 502 upstream_unavailable', async () => {
    const slow = testBff({ respond: () => new Promise(() => {}), upstreamTimeoutMs: 30 })
    const timedOut = await slow.app.request(exchange())
    expect(timedOut.status).toBe(504)
    expect((await timedOut.json()).code).toBe('timeout')

    const dead = testBff({ respond: () => Promise.reject(new TypeError('fetch failed')) })
    const unreachable = await dead.app.request(exchange())
    expect(unreachable.status).toBe(502)
    expect((await unreachable.json()).code).toBe('upstream_unavailable')
  })
})

describe('19. token responses are validated', () => {
  it.each([
    ['no access_token', { access_token: undefined }],
    ['a numeric access_token', { access_token: 123 }],
    ['an empty access_token', { access_token: '' }],
    ['token_type mac', { token_type: 'mac' }],
    ['token_type not a string', { token_type: 1 }],
    // RFC 6749 §5.1 requires one, Rhombus documents one, and oauth4webapi checks it.
    ['no token_type', { token_type: undefined }],
  ])('rejects %s', async (_, overrides) => {
    const { app } = testBff({ respond: () => oauth2Tokens(overrides) })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    expect((await response.json()).code).toBe('invalid_response')
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it.each([
    ['token_type bearer in any case', { token_type: 'bearer' }],
    ['members it does not know', { id: 'x', extra: { nested: true } }],
  ])('accepts %s', async (_, overrides) => {
    const { app } = testBff({ respond: () => oauth2Tokens(overrides) })
    expect((await app.request(exchange())).status).toBe(200)
  })
})
