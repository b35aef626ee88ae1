import { describe, expect, it } from 'vitest'
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
  withRhombusOrgChecks,
} from '../__tests__/bffTestKit.js'

const ok = { error: false, errorMsg: null, warningMsg: null }
const installed = (overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  Response.json({
    ...ok,
    orgIntegrationV2: {
      enabled: true,
      envoyIntegrationInstalled: true,
      tokenValid: true,
      locationInfoMap: {},
      orgUuid: 'org-TEST-1',
      ...overrides,
    },
    ...extra,
  })
const locations = Response.json({
  ...ok,
  locationList: [
    { id: 'loc-1', name: 'Headquarters' },
    { id: 2, name: 'Annex' },
  ],
  authError: false,
})

const named = (name: string) => (call: RecordedCall) => call.url.endsWith(`/${name}`)
const isStatusCall = named('getEnvoyIntegration')
const isLocationsCall = named('getEnvoyLocations')
const isDeleteCall = named('deleteEnvoyIntegrationV2')
const isIntegrationCall = (call: RecordedCall) =>
  isStatusCall(call) ||
  isLocationsCall(call) ||
  isDeleteCall(call) ||
  named('initiateEnvoyOAuth')(call)

const keyHeaders = {
  'content-type': 'application/json',
  accept: 'application/json',
  'x-auth-scheme': 'api-token',
  'x-auth-apikey': rhombusApiKey,
}

/** A BFF with RHOMBUS_API_KEY, the SECURITY 25 checks answered, and a session of its org. */
async function rhombusBff(
  respond: Responder,
  options: { checks?: RhombusOrgChecks; session?: TestSessionOptions } = {},
) {
  const bff = testBff({
    rhombus: { apiKey: rhombusApiKey },
    respond: withRhombusOrgChecks(respond, options.checks),
  })
  const cookie = await sessionCookie(bff.store, 'rhombus-user-uuid', options.session)
  const read = () =>
    bff.app.request(bffRequest('GET', '/bff/envoy/connection?via=rhombus', { cookie }))
  const list = () => bff.app.request(bffRequest('GET', '/bff/envoy/rhombus/locations', { cookie }))
  const disconnect = (body: unknown = { via: 'rhombus' }) =>
    bff.app.request(bffRequest('POST', '/bff/envoy/disconnect', { cookie, body }))
  const initiate = () =>
    bff.app.request(
      bffRequest('POST', '/bff/envoy/rhombus/initiate', { cookie, body: { returnTo: '/' } }),
    )
  return { ...bff, cookie, read, list, disconnect, initiate }
}

describe('GET /envoy/connection?via=rhombus: getEnvoyIntegration', () => {
  it('calls POST /api/integrations/serviceManagement/getEnvoyIntegration {} with the API-key headers, pinned', async () => {
    const { read, calls } = await rhombusBff(() => installed())
    expect(await (await read()).json()).toEqual({ status: 'connected', via: 'rhombus' })
    const status = calls.filter(isStatusCall)
    expect(status).toHaveLength(1)
    expect(status[0]?.method).toBe('POST')
    expect(status[0]?.url).toBe(
      'https://api.test/api/integrations/serviceManagement/getEnvoyIntegration',
    )
    expect(status[0]?.headers).toEqual(keyHeaders)
    expect(status[0]?.body).toBe('{}')
  })

  it.each([
    ['installed, token valid', installed(), { status: 'connected', via: 'rhombus' }],
    [
      'installed, token no longer valid',
      installed({ tokenValid: false }),
      { status: 'disconnected', via: 'rhombus', warning: expect.stringMatching(/no longer valid/) },
    ],
    [
      'not installed',
      installed({ envoyIntegrationInstalled: false, tokenValid: false }),
      { status: 'disconnected', via: 'rhombus' },
    ],
    [
      'orgIntegrationV2 null',
      Response.json({ ...ok, orgIntegrationV2: null }),
      { status: 'disconnected', via: 'rhombus' },
    ],
    [
      'a tokenValid that is not true',
      installed({ tokenValid: 'yes' }),
      { status: 'disconnected', via: 'rhombus', warning: expect.any(String) },
    ],
    [
      "Rhombus's warningMsg",
      installed({}, { warningMsg: 'Envoy asks for re-consent soon' }),
      { status: 'connected', via: 'rhombus', warning: 'Envoy asks for re-consent soon' },
    ],
  ])('%s → %j', async (_, answer, expected) => {
    const { read } = await rhombusBff(() => answer.clone())
    expect(await (await read()).json()).toEqual(expected)
  })

  it.each([
    [
      'error: true under 200',
      Response.json({ error: true, errorMsg: 'No access' }),
      502,
      'upstream_error',
    ],
    [
      'orgIntegrationV2 a string',
      Response.json({ ...ok, orgIntegrationV2: 'x' }),
      502,
      'invalid_response',
    ],
    ['HTML', new Response('<html>'), 502, 'invalid_response'],
  ] as const)('%s is a typed problem', async (_, answer, status, code) => {
    const { read } = await rhombusBff(() => answer.clone())
    const response = await read()
    expect(response.status).toBe(status)
    expect((await response.json()).code).toBe(code)
  })
})

describe('GET /envoy/rhombus/locations: getEnvoyLocations', () => {
  it('calls POST /api/report/getEnvoyLocations {} with the API-key headers, pinned, and answers {locations: [{id, name}]}', async () => {
    const { list, calls } = await rhombusBff(() => locations.clone())
    const response = await list()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      locations: [
        { id: 'loc-1', name: 'Headquarters' },
        { id: '2', name: 'Annex' },
      ],
    })
    const [call] = calls.filter(isLocationsCall)
    expect(call?.method).toBe('POST')
    expect(call?.url).toBe('https://api.test/api/report/getEnvoyLocations')
    expect(call?.headers).toEqual(keyHeaders)
    expect(call?.body).toBe('{}')
    // Reading needs the org, not the permission.
    expect(calls.filter(isPermissionsCall)).toEqual([])
  })

  it.each([
    [
      'authError: true',
      Response.json({ ...ok, locationList: [], authError: true }),
      401,
      'envoy_disconnected',
    ],
    ['no locationList', Response.json({ ...ok }), 502, 'invalid_response'],
    [
      'error: true (no integration)',
      Response.json({ error: true, errorMsg: 'No Envoy' }),
      502,
      'upstream_error',
    ],
    ['a 503', new Response('down', { status: 503 }), 503, 'upstream_unavailable'],
  ] as const)('%s is %s %s', async (_, answer, status, code) => {
    const { list } = await rhombusBff(() => answer.clone())
    const response = await list()
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect((await response.json()).code).toBe(code)
  })

  it('501 not_configured without RHOMBUS_API_KEY, with no call', async () => {
    const { app, calls, store } = testBff()
    const response = await app.request(
      bffRequest('GET', '/bff/envoy/rhombus/locations', {
        cookie: await sessionCookie(store, 'u'),
      }),
    )
    expect(response.status).toBe(501)
    expect(calls).toEqual([])
  })
})

describe('POST /envoy/disconnect {via: rhombus}: deleteEnvoyIntegrationV2', () => {
  it('checks org and permission, then calls POST /api/integrations/serviceManagement/deleteEnvoyIntegrationV2 {} with the API key, pinned', async () => {
    const { disconnect, calls } = await rhombusBff(() => Response.json(ok))
    const response = await disconnect()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'disconnected', via: 'rhombus' })
    expect(calls.map((call) => call.url)).toEqual([
      'https://api.test/api/org/getOrgV2',
      'https://api.test/api/permission/getPermissionsForCurrentUser',
      'https://api.test/api/integrations/serviceManagement/deleteEnvoyIntegrationV2',
    ])
    expect(calls[2]?.method).toBe('POST')
    expect(calls[2]?.headers).toEqual(keyHeaders)
    expect(calls[2]?.body).toBe('{}')
  })

  it('a refusal when nothing is installed (already removed) is success', async () => {
    const { disconnect, calls } = await rhombusBff((call) =>
      isDeleteCall(call)
        ? Response.json({ error: true, errorMsg: 'No integration', warningMsg: null })
        : installed({ envoyIntegrationInstalled: false, tokenValid: false }),
    )
    expect(await (await disconnect()).json()).toEqual({ status: 'disconnected', via: 'rhombus' })
    expect(calls.filter(isStatusCall)).toHaveLength(1)
  })

  it('a refusal while still installed is a typed 502 with the errorMsg', async () => {
    const { disconnect } = await rhombusBff((call) =>
      isDeleteCall(call)
        ? Response.json({ error: true, errorMsg: 'Locked by an admin', warningMsg: null })
        : installed(),
    )
    const response = await disconnect()
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({
      code: 'upstream_error',
      detail: 'Locked by an admin',
    })
  })

  it('25. a member who is not superAdmin gets 403, with no call to deleteEnvoyIntegrationV2', async () => {
    const { disconnect, calls } = await rhombusBff(() => Response.json(ok), {
      checks: { superAdmin: false },
    })
    const response = await disconnect()
    expect(response.status).toBe(403)
    expect((await response.json()).code).toBe('forbidden')
    expect(calls.filter(isDeleteCall)).toEqual([])
  })

  it.each([
    ['no via', {}],
    ['an unknown via', { via: 'carrier-pigeon' }],
    ['a numeric via', { via: 1 }],
    ['an array', [{ via: 'rhombus' }]],
  ])('23. bad input (%s) is 400 before any call', async (_, body) => {
    const { disconnect, calls } = await rhombusBff(() => Response.json(ok))
    const response = await disconnect(body)
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect((await response.json()).code).toBe('bad_request')
    expect(calls).toEqual([])
  })
})

describe('25. a user of another organisation gets 403 on every Rhombus-integration route', () => {
  const other = { uuid: 'org-OTHER-2', name: 'Other Org' }
  it.each([
    ['GET /envoy/connection?via=rhombus', 'read'],
    ['GET /envoy/rhombus/locations', 'list'],
    ['POST /envoy/rhombus/initiate', 'initiate'],
    ['POST /envoy/disconnect {via: rhombus}', 'disconnect'],
  ] as const)(
    '%s: 403 forbidden, no integration call, the user’s token unused',
    async (_, route) => {
      const bff = await rhombusBff(() => installed(), { session: { org: other } })
      const response = await bff[route]()
      expect(response.status).toBe(403)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      expect((await response.json()).code).toBe('forbidden')
      expect(bff.calls.filter(isIntegrationCall)).toEqual([])
      expect(bff.calls.filter((call) => !isKeyOrgCall(call))).toEqual([])
    },
  )
})
