import { errorHints } from '@doorway/core'
import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  oauth2Tokens,
  redirectUri,
  spyLogger,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { probeRhombusPartner } from './probeRhombusPartner.js'

/** An injected upstream call answering each request in turn from `answers`. */
function scripted(...answers: (UpstreamResponse | Error)[]) {
  const requests: UpstreamRequest[] = []
  const call = async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    requests.push(request)
    const answer = answers[requests.length - 1]
    if (answer === undefined) throw new Error('unexpected call')
    if (answer instanceof Error) throw answer
    return answer
  }
  return { call, requests }
}

const ok = { status: 200, body: '{"users":[]}' }
const refused = (status: number) => ({ status, body: '{"error":true,"errorMsg":"no"}' })

describe('probeRhombusPartner', () => {
  it('a standard account: one read-only call with api-oauth-token, answered 2xx', async () => {
    const { call, requests } = scripted(ok)
    const logger = spyLogger()
    expect(await probeRhombusPartner('https://api.test', 'at-SECRET', call, logger)).toBe(false)
    expect(requests).toEqual([
      {
        url: 'https://api.test/api/user/getUsersInOrg',
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'x-auth-scheme': 'api-oauth-token',
          'x-auth-access-token': 'at-SECRET',
        },
        body: '{}',
      },
    ])
    expect(logger.warn).not.toHaveBeenCalled()
  })

  it.each([401, 403])(
    'a partner account: %i, then 2xx with partner-api-oauth-token',
    async (status) => {
      const { call, requests } = scripted(refused(status), ok)
      const logger = spyLogger()
      expect(await probeRhombusPartner('https://api.test', 'at-SECRET', call, logger)).toBe(true)
      expect(requests.map((r) => r.headers['x-auth-scheme'])).toEqual([
        'api-oauth-token',
        'partner-api-oauth-token',
      ])
      expect(requests.every((r) => r.url === 'https://api.test/api/user/getUsersInOrg')).toBe(true)
      expect(requests.some((r) => r.url.includes('submitApiTokenApplication'))).toBe(false)
      expect(logger.warn).not.toHaveBeenCalled()
    },
  )

  it.each([
    ['a 5xx', [refused(503)], 1, { step: 'standard', status: 503 }],
    ['a timeout', [new BffError('timeout', 'slow')], 1, { step: 'standard', problem: 'timeout' }],
    ['a network failure', [new TypeError('boom')], 1, { step: 'standard', problem: 'unexpected' }],
    [
      'the partner call refused too',
      [refused(401), refused(401)],
      2,
      { step: 'partner', status: 401 },
    ],
    [
      'the partner call failing',
      [refused(403), new BffError('upstream_unavailable', 'down')],
      2,
      { step: 'partner', problem: 'upstream_unavailable' },
    ],
  ] as const)('%s: false, never throws, one redacted warn', async (_, answers, count, fields) => {
    const { call, requests } = scripted(...answers)
    const logger = spyLogger()
    expect(await probeRhombusPartner('https://api.test', 'at-SECRET', call, logger)).toBe(false)
    expect(requests).toHaveLength(count)
    expect(logger.warn).toHaveBeenCalledTimes(1)
    expect(logger.warn.mock.calls[0]?.[1]).toEqual(fields)
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain('SECRET')
  })
})

const exchange = (body: Record<string, unknown> = {}) =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code: 'the code', codeVerifier: verifier, redirectUri, ...body },
  })

describe('partner status at sign-in', () => {
  it('oauth2: a partner learned by the probe is kept in the session', async () => {
    const { app, calls } = testBff({
      respond: (_, i) =>
        i === 0 ? oauth2Tokens() : i === 1 ? Response.json({}, { status: 403 }) : Response.json({}),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ authenticated: true, isPartner: true })
    expect(calls.map((c) => c.headers['x-auth-scheme'])).toEqual([
      undefined,
      'api-oauth-token',
      'partner-api-oauth-token',
    ])
    // The session cookie carries it: the proxy now uses the partner scheme.
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(calls[3]?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')
  })

  it('oauth2: a failed probe does not fail the sign-in (isPartner false) and never retries the code', async () => {
    const logger = spyLogger()
    const { app, calls } = testBff({
      logger,
      respond: (_, i) => (i === 0 ? oauth2Tokens() : new Response('oops', { status: 502 })),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ authenticated: true, isPartner: false })
    expect(calls).toHaveLength(2)
    expect(calls.filter((c) => c.url.endsWith('/oauth/token'))).toHaveLength(1)
    expect(logger.warn).toHaveBeenCalledWith('rhombus partner probe inconclusive', {
      step: 'standard',
      status: 502,
    })
  })

  it('legacy: no probe; the callback isPartner decides', async () => {
    const { app, calls } = testBff({
      rhombus: { protocol: 'legacy' },
      respond: () => Response.json({ accessToken: 'at', accessTokenExpirationSec: 3600 }),
    })
    const response = await app.request(exchange())
    expect(await response.json()).toMatchObject({ authenticated: true, isPartner: false })
    expect(calls).toHaveLength(1)
  })
})

describe('supportsPartners: false', () => {
  const expectRefused = async (response: Response) => {
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
    const problem = await response.json()
    expect(problem).toMatchObject({
      code: 'partner_not_supported',
      hint: errorHints.partner_not_supported,
    })
    expect(problem.detail).toContain('RHOMBUS_PARTNERS=false')
  }

  it('oauth2: a partner learned by the probe is 403 partner_not_supported, no cookie', async () => {
    const { app } = testBff({
      rhombus: { supportsPartners: false },
      respond: (_, i) =>
        i === 0 ? oauth2Tokens() : i === 1 ? Response.json({}, { status: 401 }) : Response.json({}),
    })
    await expectRefused(await app.request(exchange()))
  })

  it('legacy: a callback isPartner is 403 before any token request, no cookie', async () => {
    const { app, calls } = testBff({ rhombus: { protocol: 'legacy', supportsPartners: false } })
    await expectRefused(await app.request(exchange({ isPartner: true })))
    expect(calls).toHaveLength(0)
  })

  it('legacy: a pre-exchanged partner token is refused too', async () => {
    const { app } = testBff({ rhombus: { protocol: 'legacy', supportsPartners: false } })
    await expectRefused(
      await app.request(
        bffRequest('POST', '/bff/auth/rhombus/exchange', {
          body: { accessToken: 'pre-exchanged', redirectUri, isPartner: true },
        }),
      ),
    )
  })

  it('standard accounts still sign in (both dialects)', async () => {
    const oauth2 = testBff({ rhombus: { supportsPartners: false }, respond: () => oauth2Tokens() })
    expect((await oauth2.app.request(exchange())).status).toBe(200)
    const legacy = testBff({
      rhombus: { protocol: 'legacy', supportsPartners: false },
      respond: () => Response.json({ accessToken: 'at', accessTokenExpirationSec: 3600 }),
    })
    expect((await legacy.app.request(exchange())).status).toBe(200)
  })
})
