import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  bindState,
  envoyRedirectUri,
  envoySettings,
  redirectUri,
  rhombusApiKey,
  rhombusSettings,
  sessionCookie,
  sessionSecret,
  spyLogger,
  testBff,
  versoriSettings,
  withRhombusOrgChecks,
} from '../__tests__/bffTestKit.js'
import { envoyConnectionKey } from '../envoy/createEnvoyRefresher.js'
import { redact, redactingLogger } from './Logger.js'

const verifier = 'verifier-SECRET-0123456789-0123456789-0123456789'
const secrets = [
  rhombusSettings.clientSecret,
  sessionSecret,
  'code-SECRET',
  verifier,
  'at-SECRET-access',
  'rt-SECRET-refresh',
  'SECRET',
]

describe('22. logs redact tokens, codes, verifiers and secrets', () => {
  it.each(['oauth2', 'legacy'] as const)(
    '22. a full %s exchange, API call, failure and sign-out log nothing secret',
    async (protocol) => {
      const logger = spyLogger()
      const tokens =
        protocol === 'oauth2'
          ? {
              access_token: 'at-SECRET-access',
              refresh_token: 'rt-SECRET-refresh',
              token_type: 'Bearer',
            }
          : {
              accessToken: 'at-SECRET-access',
              refreshToken: 'rt-SECRET-refresh',
              accessTokenExpirationSec: 60,
            }
      const { app } = testBff({
        logger,
        rhombus: { protocol },
        respond: (call) => {
          if (call.url.endsWith('/oauth/token')) return Response.json(tokens)
          if (call.url.endsWith('/fail')) throw new TypeError(`connect failed for at-SECRET-access`)
          return Response.json({ users: [] })
        },
      })
      const exchange = await app.request(
        bffRequest('POST', '/bff/auth/rhombus/exchange', {
          body: { code: 'code-SECRET', codeVerifier: verifier, redirectUri },
        }),
      )
      expect(exchange.status).toBe(200)
      const cookie = (exchange.headers.get('set-cookie') ?? '').split(';')[0] as string
      const sealed = cookie.split('=')[1] as string
      await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
      )
      await app.request(bffRequest('POST', '/bff/rhombus/api/fail', { body: {}, cookie }))
      await app.request(bffRequest('GET', '/bff/session', { cookie }))
      await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))

      const calls = [
        ...logger.debug.mock.calls,
        ...logger.info.mock.calls,
        ...logger.warn.mock.calls,
        ...logger.error.mock.calls,
      ]
      expect(calls.length).toBeGreaterThan(5)
      expect(JSON.stringify(calls)).toContain('/oauth/token')
      const logged = JSON.stringify(calls)
      for (const secret of [...secrets, sealed]) expect(logged).not.toContain(secret)
    },
  )

  it('22. Envoy, Rhombus-integration and Versori flows log no token, code, key or secret', async () => {
    const logger = spyLogger()
    let refreshes = 0
    const { app, store, calls } = testBff({
      logger,
      envoy: {},
      versori: {},
      rhombus: { apiKey: rhombusApiKey },
      // The org and permission checks pass (SECURITY 25), so every flow reaches its upstream.
      respond: withRhombusOrgChecks((call) => {
        if (call.url.endsWith('/a/auth/v0/token')) {
          if (call.body?.includes('refresh_token') && ++refreshes > 1) {
            return Response.json(
              { error: 'invalid_grant', error_description: 'rt-SECRET-2 revoked' },
              { status: 400 },
            )
          }
          return Response.json({
            token_type: 'Bearer',
            access_token: `envoy-at-SECRET-${refreshes}`,
            refresh_token: `envoy-rt-SECRET-${refreshes}`,
            expires_in: 0,
            company_id: '10000',
          })
        }
        if (call.url.includes('envoy-api.test')) {
          return Response.json({ errors: [{ detail: 'nope' }] }, { status: 401 })
        }
        if (call.url.endsWith('/initiateEnvoyOAuth')) {
          return Response.json({ error: true, errorMsg: 'refused', redirectUrl: null })
        }
        if (call.url.endsWith('/oauth2/initialise')) {
          return Response.json({
            url: 'https://app.envoy.com/a/auth/v0/authorize?state=vs-state-SECRET',
          })
        }
        if (call.url.endsWith('/connections')) {
          throw new TypeError('connect failed for versori-code-SECRET')
        }
        return Response.json({})
      }),
    })
    const cookie = await sessionCookie(store, 'user-1')
    const post = (path: string, body: unknown) =>
      app.request(bffRequest('POST', `/bff${path}`, { cookie, body }))
    expect(
      (
        await post('/auth/envoy/exchange', {
          code: 'envoy-code-SECRET',
          redirectUri: envoyRedirectUri,
          state: await bindState(app, cookie, 'envoy'),
        })
      ).status,
    ).toBe(200)
    await app.request(bffRequest('GET', '/bff/envoy/api/v1/locations?token=q-SECRET', { cookie }))
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toMatchObject({
      reason: 'revoked',
    })
    await post('/envoy/rhombus/initiate', { returnTo: '/settings' })
    await post('/envoy/versori/initialise', {})
    await post('/envoy/versori/complete', { code: 'versori-code-SECRET', state: 'vs-state-SECRET' })
    // Every flow reached its upstream, past the org and permission checks.
    for (const path of ['/initiateEnvoyOAuth', '/oauth2/initialise', '/connections']) {
      expect(
        calls.some((call) => new URL(call.url).pathname.endsWith(path)),
        path,
      ).toBe(true)
    }

    const logged = JSON.stringify([
      ...logger.debug.mock.calls,
      ...logger.info.mock.calls,
      ...logger.warn.mock.calls,
      ...logger.error.mock.calls,
    ])
    expect(logged).toContain('/a/auth/v0/token')
    expect(logged).toContain('Envoy connection refresh refused')
    for (const secret of [
      'SECRET',
      envoySettings.clientSecret,
      versoriSettings.token,
      rhombusApiKey,
      cookie.split('=')[1] as string,
    ]) {
      expect(logged).not.toContain(secret)
    }
  })

  it('22. a custom logger receives redacted fields', () => {
    const inner = spyLogger()
    redactingLogger(inner).warn('x', {
      headers: new Headers({
        authorization: 'Basic abc',
        cookie: 'doorway_session=abc',
        accept: 'application/json',
      }),
      body: {
        client_secret: 's',
        code: 'c',
        code_verifier: 'v',
        access_token: 'a',
        'x-auth-apikey': 'k',
      },
      url: 'https://app.test/cb?code=abc&state=def&ok=1',
      nested: [{ refreshToken: 'r', sessionSecret: 's', password: 'p' }],
    })
    expect(inner.warn).toHaveBeenCalledWith('x', {
      headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' },
      body: {
        client_secret: '[redacted]',
        code: '[redacted]',
        code_verifier: '[redacted]',
        access_token: '[redacted]',
        'x-auth-apikey': '[redacted]',
      },
      url: 'https://app.test/cb?code=[redacted]&state=[redacted]&ok=1',
      nested: [{ refreshToken: '[redacted]', sessionSecret: '[redacted]', password: '[redacted]' }],
    })
  })

  it('keeps what is safe to read', () => {
    expect(
      redact({ method: 'POST', status: 502, problem: 'invalid_grant', path: '/bff/session' }),
    ).toEqual({
      method: 'POST',
      status: 502,
      problem: 'invalid_grant',
      path: '/bff/session',
    })
  })
})
