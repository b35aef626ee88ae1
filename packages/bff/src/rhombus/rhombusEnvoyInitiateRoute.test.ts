import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  type Responder,
  rhombusApiKey,
  sessionCookie,
  testBff,
} from '../__tests__/bffTestKit.js'

const redirectUrl =
  'https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=rhombus&state=r1'
const initiated = (overrides: Record<string, unknown> = {}) =>
  Response.json({ redirectUrl, error: false, errorMsg: null, warningMsg: null, ...overrides })

async function rhombusBff(
  respond: Responder = () => initiated(),
  userIdFrom: 'token' | 'random' = 'token',
) {
  const bff = testBff({ rhombus: { apiKey: rhombusApiKey }, respond })
  const cookie = await sessionCookie(bff.store, 'rhombus-user-uuid', { userIdFrom })
  const initiate = (body: unknown) =>
    bff.app.request(bffRequest('POST', '/bff/envoy/rhombus/initiate', { cookie, body }))
  return { ...bff, cookie, initiate }
}

describe('POST /envoy/rhombus/initiate (through Rhombus)', () => {
  it('calls initiateEnvoyOAuth with the API-key headers and {param, requestUrl, rhombusOrgUserUuid}', async () => {
    const { initiate, calls } = await rhombusBff()
    const response = await initiate({ returnTo: '/settings?tab=envoy#top', param: 'p-1' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ redirectUrl })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe(
      'https://api.test/api/integrations/serviceManagement/initiateEnvoyOAuth',
    )
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': rhombusApiKey,
    })
    expect(calls[0]?.body).toBe(
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
    const [first, second] = calls.map((call) => JSON.parse(call.body ?? '{}'))
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
  ])('12. returnTo %j is 400 before any upstream call', async (returnTo) => {
    const { initiate, calls } = await rhombusBff()
    const response = await initiate({ returnTo })
    expect(response.status).toBe(400)
    expect(['invalid_return_to', 'bad_request']).toContain((await response.json()).code)
    expect(calls).toHaveLength(0)
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

  it('GET /envoy/connection?via=rhombus asks getEnvoyIntegration with the API key', async () => {
    const answers = [
      { enabled: true, companyId: '10000', error: false, errorMsg: null },
      { enabled: false, companyId: null, error: false, errorMsg: null },
      { error: true, errorMsg: 'No integration' },
    ]
    const { app, calls, cookie } = await rhombusBff((_, i) => Response.json(answers[i]))
    const read = () =>
      app.request(bffRequest('GET', '/bff/envoy/connection?via=rhombus', { cookie }))
    expect(await (await read()).json()).toEqual({
      status: 'connected',
      via: 'rhombus',
      companyId: '10000',
    })
    expect(await (await read()).json()).toEqual({ status: 'disconnected', via: 'rhombus' })
    const failed = await read()
    expect(await failed.json()).toMatchObject({ code: 'upstream_error', detail: 'No integration' })
    expect(calls[0]?.url).toBe(
      'https://api.test/api/integrations/serviceManagement/getEnvoyIntegration',
    )
    expect(calls[0]?.headers).toMatchObject({
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': rhombusApiKey,
    })
    expect(calls[0]?.body).toBe('{}')
  })

  it('POST /envoy/disconnect {via: rhombus} is 501 not_supported, with no upstream call', async () => {
    const { app, calls, cookie } = await rhombusBff()
    const response = await app.request(
      bffRequest('POST', '/bff/envoy/disconnect', { cookie, body: { via: 'rhombus' } }),
    )
    expect(response.status).toBe(501)
    const problem = await response.json()
    expect(problem.code).toBe('not_supported')
    expect(problem.detail).toMatch(/Rhombus documents no API/)
    expect(calls).toHaveLength(0)
  })
})
