import { errorHints } from '@doorway/core'
import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  cookieOf,
  oauth2Tokens,
  type RecordedCall,
  redirectUri,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { confirmRhombusAccount } from './rhombusExchangeRoute.js'

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

const org = (uuid: string, name: string) => ({
  status: 200,
  body: JSON.stringify({ error: false, org: { uuid, name, usersCount: 2 } }),
})
const refused = (status: number) => ({ status, body: '{"error":true,"errorMsg":"no"}' })
const clients = { status: 200, body: '{"clients":[]}' }
const userCall = (path: string, scheme: string): UpstreamRequest => ({
  url: `https://api.test/api/${path}`,
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-auth-scheme': scheme,
    'x-auth-access-token': 'at-SECRET',
  },
  body: '{}',
})

describe('confirmRhombusAccount: getOrgV2, then getClientsV2 for a partner (as the Rhombus CLI)', () => {
  it('a standard account: one getOrgV2 with api-oauth-token, pinned; its org kept', async () => {
    const { call, requests } = scripted(org('org-1', 'Acme'))
    expect(await confirmRhombusAccount('https://api.test', 'at-SECRET', call)).toEqual({
      isPartner: false,
      org: { uuid: 'org-1', name: 'Acme' },
    })
    expect(requests).toEqual([userCall('org/getOrgV2', 'api-oauth-token')])
  })

  it('a partner: getOrgV2 403, getClientsV2 with partner-api-oauth-token, then its own org', async () => {
    const { call, requests } = scripted(refused(403), clients, org('msp-1', 'MSP'))
    expect(await confirmRhombusAccount('https://api.test', 'at-SECRET', call)).toEqual({
      isPartner: true,
      org: { uuid: 'msp-1', name: 'MSP' },
    })
    expect(requests).toEqual([
      userCall('org/getOrgV2', 'api-oauth-token'),
      userCall('partner/getClientsV2', 'partner-api-oauth-token'),
      userCall('org/getOrgV2', 'partner-api-oauth-token'),
    ])
    expect(requests.some((r) => r.url.includes('submitApiTokenApplication'))).toBe(false)
  })

  it('a partner whose own org Rhombus does not answer has org null', async () => {
    const { call } = scripted(refused(403), clients, refused(403))
    expect(await confirmRhombusAccount('https://api.test', 'at-SECRET', call)).toEqual({
      isPartner: true,
      org: null,
    })
  })

  it.each([
    ['getOrgV2 401', [refused(401)]],
    ['getOrgV2 403 and getClientsV2 403', [refused(403), refused(403)]],
    ['getOrgV2 403 and getClientsV2 401', [refused(403), refused(401)]],
  ] as const)('a token Rhombus refuses (%s) is 401 invalid_grant', async (_, answers) => {
    const { call } = scripted(...answers)
    await expect(
      confirmRhombusAccount('https://api.test', 'at-SECRET', call),
    ).rejects.toMatchObject({ code: 'invalid_grant', status: 401 })
  })

  it.each([
    ['a 5xx', [refused(503)], 'upstream_unavailable'],
    ['a timeout', [new BffError('timeout', 'slow')], 'timeout'],
    [
      'error: true under 200',
      [{ status: 200, body: '{"error":true,"errorMsg":"x"}' }],
      'upstream_error',
    ],
    ['a body that is not JSON', [{ status: 200, body: '<html>' }], 'invalid_response'],
    [
      'a getClientsV2 answer without the documented clients array',
      [refused(403), { status: 200, body: '{"error":false}' }],
      'invalid_response',
    ],
    [
      "getClientsV2 in the sandbox's old shape {uuid, name}",
      [refused(403), { status: 200, body: '{"clients":[{"uuid":"o","name":"n"}]}' }],
      'invalid_response',
    ],
  ] as const)('%s: the typed error, never a guess', async (_, answers, code) => {
    const { call } = scripted(...answers)
    await expect(
      confirmRhombusAccount('https://api.test', 'at-SECRET', call),
    ).rejects.toMatchObject({ code })
  })
})

const exchange = (body: Record<string, unknown> = {}) =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code: 'the code', codeVerifier: verifier, redirectUri, ...body },
  })

/** A fake Rhombus: token answers, and getOrgV2 / getClientsV2 as a standard or partner account. */
function rhombus(kind: 'standard' | 'partner' | 'refuses', tokens = () => oauth2Tokens()) {
  return (call: RecordedCall) => {
    if (call.url.endsWith('/oauth/token')) return tokens()
    if (kind === 'refuses') return Response.json({ error: true }, { status: 401 })
    const scheme = call.headers['x-auth-scheme']
    if (call.url.endsWith('/getOrgV2')) {
      if (kind === 'partner' && scheme === 'api-oauth-token') {
        return Response.json({ error: true }, { status: 403 })
      }
      return Response.json({ org: { uuid: `${kind}-org`, name: `${kind} org` } })
    }
    if (call.url.endsWith('/getClientsV2')) {
      return kind === 'partner'
        ? Response.json({ clients: [] })
        : Response.json({ error: true }, { status: 403 })
    }
    return Response.json({})
  }
}
const legacyTokens = () =>
  Response.json({ accessToken: 'at-legacy', accessTokenExpirationSec: 3600 })
const preExchanged = (extra: Record<string, unknown> = {}) =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { accessToken: 'made-up-token', redirectUri, ...extra },
  })

describe('24. browser input is never proof', () => {
  it('24. a legacy pre-exchanged accessToken is confirmed with Rhombus (getOrgV2) before a session exists', async () => {
    const { app, calls } = testBff({
      rhombus: { protocol: 'legacy' },
      respond: rhombus('standard'),
    })
    const response = await app.request(preExchanged())
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      authenticated: true,
      org: { uuid: 'standard-org', name: 'standard org' },
      isPartner: false,
    })
    expect(calls.map((c) => [c.url, c.headers['x-auth-access-token']])).toEqual([
      ['https://api.test/api/org/getOrgV2', 'made-up-token'],
    ])
  })

  it('24. a made-up pre-exchanged token Rhombus refuses gives no session and stores nothing', async () => {
    const { app, store } = testBff({ rhombus: { protocol: 'legacy' }, respond: rhombus('refuses') })
    const response = await app.request(preExchanged())
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'invalid_grant' })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await store.listRecords('session', 'anyone')).toEqual([])
    // Nothing the refused token could reach: the session route stays anonymous.
    expect(await (await app.request(bffRequest('GET', '/bff/session'))).json()).toEqual({
      authenticated: false,
    })
  })

  it.each(['oauth2', 'legacy'] as const)(
    "24. %s: a callback's isPartner is not believed; Rhombus's answer decides",
    async (protocol) => {
      const { app } = testBff({
        rhombus: { protocol },
        respond: rhombus('standard', protocol === 'legacy' ? legacyTokens : undefined),
      })
      const response = await app.request(exchange({ isPartner: true }))
      expect(await response.json()).toMatchObject({ authenticated: true, isPartner: false })
    },
  )

  it.each(['oauth2', 'legacy'] as const)(
    '24. %s: a partner Rhombus reports is a partner session, whatever the browser left out',
    async (protocol) => {
      const { app, calls } = testBff({
        rhombus: { protocol },
        respond: rhombus('partner', protocol === 'legacy' ? legacyTokens : undefined),
      })
      const response = await app.request(exchange())
      expect(await response.json()).toMatchObject({
        authenticated: true,
        isPartner: true,
        org: { uuid: 'partner-org' },
      })
      // The session keeps it: the proxy uses the partner scheme.
      calls.length = 0
      await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
          body: {},
          cookie: cookieOf(response),
        }),
      )
      expect(calls[0]?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')
    },
  )

  it('a Rhombus that cannot say (5xx on getOrgV2) fails the sign-in with a typed error, no cookie, the code never exchanged twice', async () => {
    const { app, calls } = testBff({
      respond: (call) =>
        call.url.endsWith('/oauth/token') ? oauth2Tokens() : new Response('oops', { status: 502 }),
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ code: 'upstream_unavailable' })
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls.filter((c) => c.url.endsWith('/oauth/token'))).toHaveLength(1)
  })
})

describe('24. RHOMBUS_PARTNERS=false holds in both dialects', () => {
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

  it.each(['oauth2', 'legacy'] as const)(
    '24. %s: a partner Rhombus reports is 403 partner_not_supported even when the browser leaves out isPartner',
    async (protocol) => {
      const { app, store } = testBff({
        rhombus: { protocol, supportsPartners: false },
        respond: rhombus('partner', protocol === 'legacy' ? legacyTokens : undefined),
      })
      await expectRefused(await app.request(exchange()))
      expect(await store.listRecords('session', 'partner-org')).toEqual([])
    },
  )

  it('24. legacy: a pre-exchanged partner token without isPartner is refused too', async () => {
    const { app } = testBff({
      rhombus: { protocol: 'legacy', supportsPartners: false },
      respond: rhombus('partner'),
    })
    await expectRefused(await app.request(preExchanged()))
  })

  it('legacy: a callback isPartner is 403 before any token request, no cookie', async () => {
    const { app, calls } = testBff({ rhombus: { protocol: 'legacy', supportsPartners: false } })
    await expectRefused(await app.request(exchange({ isPartner: true })))
    expect(calls).toHaveLength(0)
  })

  it('standard accounts still sign in (both dialects)', async () => {
    const oauth2 = testBff({ rhombus: { supportsPartners: false }, respond: rhombus('standard') })
    expect((await oauth2.app.request(exchange())).status).toBe(200)
    const legacy = testBff({
      rhombus: { protocol: 'legacy', supportsPartners: false },
      respond: rhombus('standard', legacyTokens),
    })
    expect((await legacy.app.request(exchange())).status).toBe(200)
  })
})
