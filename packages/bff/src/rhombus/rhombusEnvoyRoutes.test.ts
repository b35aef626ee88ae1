import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  bffRequest,
  isKeyOrgCall,
  isPermissionsCall,
  type RecordedCall,
  type Responder,
  type RhombusOrgChecks,
  rhombusApiKey,
  sessionCookie,
  type TestSessionOptions,
  testBff,
  testOrg,
  withRhombusOrgChecks,
} from '../__tests__/bffTestKit.js'
import type { RhombusBffConfig } from '../config/BffConfig.js'

const redirectUrl =
  'https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=rhombus&state=r1'
const initiated = (overrides: Record<string, unknown> = {}) =>
  Response.json({ redirectUrl, error: false, errorMsg: null, warningMsg: null, ...overrides })

const isInitiateCall = (call: RecordedCall) => call.url.endsWith('/initiateEnvoyOAuth')
const isIntegrationCall = (call: RecordedCall) => call.url.endsWith('/getEnvoyIntegration')

/**
 * A BFF with `RHOMBUS_API_KEY` whose fake Rhombus answers the org and permission checks
 * (SECURITY 25: by default the key's org is the session's, {@link testOrg}, and the user a
 * super admin) and everything else with `respond`; a session of `rhombus-user-uuid`.
 */
async function rhombusBff(
  respond: Responder = () => initiated(),
  userIdFrom: 'token' | 'random' = 'token',
  options: {
    checks?: RhombusOrgChecks
    session?: TestSessionOptions
    rhombus?: Partial<RhombusBffConfig>
  } = {},
) {
  const bff = testBff({
    rhombus: { apiKey: rhombusApiKey, ...options.rhombus },
    respond: withRhombusOrgChecks(respond, options.checks),
  })
  const cookie = await sessionCookie(bff.store, 'rhombus-user-uuid', {
    userIdFrom,
    ...options.session,
  })
  const initiate = (body: unknown) =>
    bff.app.request(bffRequest('POST', '/bff/envoy/rhombus/initiate', { cookie, body }))
  const read = () =>
    bff.app.request(bffRequest('GET', '/bff/envoy/connection?via=rhombus', { cookie }))
  return { ...bff, cookie, initiate, read }
}

describe('POST /envoy/rhombus/initiate (through Rhombus)', () => {
  it('calls initiateEnvoyOAuth with the API-key headers and {param, requestUrl, rhombusOrgUserUuid}', async () => {
    const { initiate, calls } = await rhombusBff()
    const response = await initiate({ returnTo: '/settings?tab=envoy#top', param: 'p-1' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ redirectUrl })
    // First the checks of SECURITY 25: the key's org (with the key), the user's permissions
    // (with the user's token); then the one call that uses the integration.
    expect(calls.map((call) => [call.url, call.headers['x-auth-scheme'], call.body])).toEqual([
      ['https://api.test/api/org/getOrgV2', 'api-token', '{}'],
      ['https://api.test/api/permission/getPermissionsForCurrentUser', 'api-oauth-token', '{}'],
      [
        'https://api.test/api/integrations/serviceManagement/initiateEnvoyOAuth',
        'api-token',
        expect.any(String),
      ],
    ])
    expect(calls[0]?.headers['x-auth-apikey']).toBe(rhombusApiKey)
    expect(calls[1]?.headers['x-auth-access-token']).toBe('at-SECRET-session')
    expect(calls[1]?.headers['x-auth-apikey']).toBeUndefined()
    expect(calls[2]?.method).toBe('POST')
    expect(calls[2]?.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': rhombusApiKey,
    })
    expect(calls[2]?.body).toBe(
      JSON.stringify({
        param: 'p-1',
        requestUrl: 'http://localhost:5173/settings?tab=envoy#top',
        rhombusOrgUserUuid: 'rhombus-user-uuid',
      }),
    )
  })

  it('sends a fresh random param by default, and no rhombusOrgUserUuid for a random user id', async () => {
    const { initiate, calls } = await rhombusBff(() => initiated(), 'random')
    await initiate({ returnTo: '/' })
    await initiate({ returnTo: '/' })
    const [first, second] = calls
      .filter(isInitiateCall)
      .map((call) => JSON.parse(call.body ?? '{}'))
    expect(first.param).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(second.param).not.toBe(first.param)
    expect(first.rhombusOrgUserUuid).toBeNull()
    expect(first.requestUrl).toBe('http://localhost:5173/')
  })

  it('error: true with HTTP 200 is a problem carrying errorMsg as detail', async () => {
    const { initiate } = await rhombusBff(() =>
      Response.json({
        redirectUrl: null,
        error: true,
        errorMsg: 'Envoy integration is disabled for this org',
        warningMsg: null,
      }),
    )
    const response = await initiate({ returnTo: '/settings' })
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(await response.json()).toMatchObject({
      code: 'upstream_error',
      detail: 'Envoy integration is disabled for this org',
      error_description: 'Envoy integration is disabled for this org',
    })
  })

  it('warningMsg becomes warning', async () => {
    const { initiate } = await rhombusBff(() => initiated({ warningMsg: 'Already connected once' }))
    const response = await initiate({ returnTo: '/settings' })
    expect(await response.json()).toEqual({ redirectUrl, warning: 'Already connected once' })
  })

  it.each([
    [
      'a refused API key',
      Response.json({ error: true, errorMsg: 'Invalid API key.' }, { status: 401 }),
      'upstream_error',
      /RHOMBUS_API_KEY/,
    ],
    ['no redirectUrl', initiated({ redirectUrl: null }), 'invalid_response', undefined],
    [
      'a javascript: redirectUrl',
      initiated({ redirectUrl: 'javascript:alert(1)' }),
      'invalid_response',
      undefined,
    ],
    ['HTML', new Response('<html>', { status: 200 }), 'invalid_response', undefined],
    ['a 500', new Response('boom', { status: 500 }), 'upstream_unavailable', undefined],
  ] as const)('%s → %s', async (_, answer, code, hint) => {
    const { initiate } = await rhombusBff(() => answer)
    const problem = await (await initiate({ returnTo: '/settings' })).json()
    expect(problem.code).toBe(code)
    if (hint) expect(problem.hint).toMatch(hint)
  })

  it.each([
    'https://evil.test/',
    '//evil.test/x',
    '/\\evil.test',
    '/%2f%2fevil.test',
    'javascript:alert(1)',
    'settings',
    '',
  ])('12. returnTo %j is 400 and never reaches Rhombus', async (returnTo) => {
    const { initiate, calls } = await rhombusBff()
    const response = await initiate({ returnTo })
    expect(response.status).toBe(400)
    expect(['invalid_return_to', 'bad_request']).toContain((await response.json()).code)
    // Only the org and permission checks (SECURITY 25) come first; they carry no returnTo.
    expect(calls.filter((call) => !isKeyOrgCall(call) && !isPermissionsCall(call))).toEqual([])
    expect(calls.map((call) => call.body)).toEqual(['{}', '{}'])
  })

  it('501 not_configured without RHOMBUS_API_KEY', async () => {
    const { app, calls, store } = testBff()
    const response = await app.request(
      bffRequest('POST', '/bff/envoy/rhombus/initiate', {
        cookie: await sessionCookie(store, 'u'),
        body: { returnTo: '/' },
      }),
    )
    expect(response.status).toBe(501)
    expect((await response.json()).code).toBe('not_configured')
    expect(calls).toHaveLength(0)
  })
})

describe("25. Rhombus's Envoy integration is the API key's organisation's", () => {
  afterEach(() => {
    vi.useRealTimers()
  })
  const otherOrg = { uuid: 'org-OTHER-2', name: 'Other Org' }
  const expectForbidden = async (response: Response) => {
    expect(response.status).toBe(403)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect((await response.json()).code).toBe('forbidden')
  }

  it.each([
    ['another org', otherOrg],
    ['an org Rhombus did not name', null],
  ])(
    '25. a user of %s gets 403 on POST /envoy/rhombus/initiate, with no call to initiateEnvoyOAuth',
    async (_, org) => {
      const { initiate, calls } = await rhombusBff(undefined, 'token', { session: { org } })
      await expectForbidden(await initiate({ returnTo: '/settings' }))
      expect(calls.filter(isInitiateCall)).toEqual([])
      // The only call is the key's org: the user's token is not even used.
      expect(calls.filter((call) => !isKeyOrgCall(call))).toEqual([])
    },
  )

  it.each([
    ['another org', otherOrg],
    ['an org Rhombus did not name', null],
  ])(
    '25. a user of %s gets 403 on GET /envoy/connection?via=rhombus, with no call to getEnvoyIntegration',
    async (_, org) => {
      const { read, calls } = await rhombusBff(
        () =>
          Response.json({
            orgIntegrationV2: {
              envoyIntegrationInstalled: true,
              tokenValid: true,
              orgUuid: 'org-SECRET-integration',
            },
          }),
        'token',
        { session: { org } },
      )
      const response = await read()
      const text = await response.clone().text()
      await expectForbidden(response)
      expect(text).not.toContain('org-SECRET-integration')
      expect(calls.filter(isIntegrationCall)).toEqual([])
      expect(calls.filter((call) => !isKeyOrgCall(call))).toEqual([])
    },
  )

  it('25. the comparison is by org uuid: the same name in another org is refused, another name for the same uuid passes', async () => {
    const sameName = await rhombusBff(undefined, 'token', {
      session: { org: { uuid: 'org-IMPOSTOR', name: testOrg.name } },
    })
    await expectForbidden(await sameName.initiate({ returnTo: '/' }))
    const renamed = await rhombusBff(undefined, 'token', {
      session: { org: { uuid: testOrg.uuid, name: 'Renamed since sign-in' } },
    })
    expect((await renamed.initiate({ returnTo: '/' })).status).toBe(200)
  })

  it('25. a member of the org who is not superAdmin gets 403 on initiate, with no call to initiateEnvoyOAuth; reading is allowed', async () => {
    const { initiate, read, calls } = await rhombusBff(
      (call) =>
        isIntegrationCall(call)
          ? Response.json({
              orgIntegrationV2: { envoyIntegrationInstalled: true, tokenValid: true },
            })
          : initiated(),
      'token',
      { checks: { superAdmin: false } },
    )
    const response = await initiate({ returnTo: '/settings' })
    await expectForbidden(response.clone())
    expect((await response.json()).detail).toMatch(/super admin/i)
    expect(calls.filter(isPermissionsCall)).toHaveLength(1)
    expect(calls.filter(isInitiateCall)).toEqual([])
    expect(await (await read()).json()).toEqual({ status: 'connected', via: 'rhombus' })
  })

  it("25. envoyIntegrationPermission 'member' lets a member of the org initiate (no permission asked), and still refuses other orgs", async () => {
    const member = await rhombusBff(undefined, 'token', {
      checks: { superAdmin: false },
      rhombus: { envoyIntegrationPermission: 'member' },
    })
    const response = await member.initiate({ returnTo: '/settings' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ redirectUrl })
    expect(member.calls.filter(isPermissionsCall)).toEqual([])
    expect(member.calls.filter(isInitiateCall)).toHaveLength(1)

    const outsider = await rhombusBff(undefined, 'token', {
      session: { org: otherOrg },
      rhombus: { envoyIntegrationPermission: 'member' },
    })
    await expectForbidden(await outsider.initiate({ returnTo: '/settings' }))
    expect(outsider.calls.filter(isInitiateCall)).toEqual([])
  })

  it('25. a key whose org Rhombus does not name lets nobody in (a typed 502, no integration call)', async () => {
    const unnamed = testBff({
      rhombus: { apiKey: rhombusApiKey },
      respond: (call) => (isKeyOrgCall(call) ? Response.json({ error: false }) : initiated()),
    })
    const response = await unnamed.app.request(
      bffRequest('POST', '/bff/envoy/rhombus/initiate', {
        cookie: await sessionCookie(unnamed.store, 'u'),
        body: { returnTo: '/' },
      }),
    )
    expect(response.status).toBe(502)
    expect((await response.json()).code).toBe('upstream_error')
    expect(unnamed.calls.filter(isInitiateCall)).toEqual([])
  })

  it('25. a refused API key at the org check is a typed 502 naming RHOMBUS_API_KEY, no integration call', async () => {
    const { app, calls, store } = testBff({
      rhombus: { apiKey: rhombusApiKey },
      respond: (call) =>
        isKeyOrgCall(call)
          ? Response.json({ error: true, errorMsg: 'Invalid API key.' }, { status: 401 })
          : initiated(),
    })
    const response = await app.request(
      bffRequest('POST', '/bff/envoy/rhombus/initiate', {
        cookie: await sessionCookie(store, 'u'),
        body: { returnTo: '/' },
      }),
    )
    expect(response.status).toBe(502)
    const problem = await response.json()
    expect(problem.code).toBe('upstream_error')
    expect(problem.hint).toMatch(/RHOMBUS_API_KEY/)
    expect(calls.filter(isInitiateCall)).toEqual([])
  })

  it("25. the key's org is asked once per 10 minutes per BFF", async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { initiate, read, calls } = await rhombusBff((call) =>
      isIntegrationCall(call) ? Response.json({ orgIntegrationV2: null }) : initiated(),
    )
    await initiate({ returnTo: '/' })
    await read()
    await initiate({ returnTo: '/' })
    expect(calls.filter(isKeyOrgCall)).toHaveLength(1)
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1000)
    expect((await read()).status).toBe(200)
    expect(calls.filter(isKeyOrgCall)).toHaveLength(2)
  })
})
