import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  redirectUri,
  rhombusSettings,
  sessionSecret,
  spyLogger,
  testBff,
} from '../__tests__/bffTestKit.js'
import { redact } from './redact.js'
import { redactingLogger } from './redactingLogger.js'

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
