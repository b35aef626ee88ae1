import { describe, expect, it } from 'vitest'
import { origin, rhombusApiKey, sandboxFixture } from '../__tests__/sandboxFixture.js'
import { completeEnvoyAuthorization } from '../envoy/completeEnvoyAuthorization.js'
import type { EnvoyDecision } from '../envoy/envoyAuthorizeRoutes.js'
import { rhombusAccounts } from './rhombusAccounts.js'
import { rhombusEnvoyIntegrationErrors as errors } from './rhombusErrorTexts.js'

type Fixture = ReturnType<typeof sandboxFixture>

const requestUrl = 'http://localhost:5173/settings/integrations?tab=envoy'
const initiateBody = {
  param: 'state_param',
  requestUrl,
  rhombusOrgUserUuid: rhombusAccounts.standard.user.uuid,
}

async function initiate(sandbox: Fixture, body: unknown = initiateBody) {
  const response = await sandbox.rhombusIntegration('initiateEnvoyOAuth', body)
  expect(response.status).toBe(200)
  return response.json()
}

async function status(sandbox: Fixture) {
  return (await sandbox.rhombusIntegration('getEnvoyIntegration', {})).json()
}

/** Initiates, presses a button at Envoy and follows the redirect to Rhombus's page. */
async function connect(sandbox: Fixture, decision: EnvoyDecision = 'approve') {
  const { redirectUrl } = await initiate(sandbox)
  const callback = await completeEnvoyAuthorization(redirectUrl, {
    decision,
    fetch: (input, init) => sandbox.request(input, init),
  })
  return { callback, response: await sandbox.request(callback.href, { redirect: 'manual' }) }
}

async function expectApiError(response: Response, status: number, errorMsg: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toEqual({ error: true, errorMsg })
}

describe('Rhombus initiateEnvoyOAuth', () => {
  it('answers the redirect URL to Envoy’s prompt, with Rhombus as the Envoy app', async () => {
    const sandbox = sandboxFixture()
    const answer = await initiate(sandbox)
    expect(answer).toEqual({
      redirectUrl: expect.any(String),
      error: false,
      errorMsg: null,
      warningMsg: null,
    })
    const url = new URL(answer.redirectUrl)
    expect(`${url.origin}${url.pathname}`).toBe(`${origin}/envoy/app/a/auth/v0/authorize`)
    expect(url.search).toMatch(
      new RegExp(
        `^\\?response_type=code&client_id=rhombus-envoy-integration&redirect_uri=${encodeURIComponent(
          `${origin}/rhombus/console/integrations/envoy/callback`,
        )}&scope=locations\\.read\\+entries\\.read\\+invites\\.read\\+token\\.refresh&state=rhombus_envoy_state_[\\w-]+$`,
      ),
    )
    expect((await sandbox.request(answer.redirectUrl)).status).toBe(200)
  })

  it('connects on Approve: Rhombus exchanges the code server side and sends the browser back to requestUrl', async () => {
    const sandbox = sandboxFixture()
    expect(await status(sandbox)).toEqual({
      orgIntegrationV2: {
        enabled: false,
        envoyIntegrationInstalled: false,
        tokenValid: false,
        locationInfoMap: {},
        orgUuid: rhombusAccounts.standard.org.uuid,
      },
      error: false,
      errorMsg: null,
      warningMsg: null,
    })
    const { callback, response } = await connect(sandbox)
    expect(`${callback.origin}${callback.pathname}`).toBe(
      `${origin}/rhombus/console/integrations/envoy/callback`,
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(requestUrl)
    expect(await status(sandbox)).toEqual({
      orgIntegrationV2: {
        enabled: true,
        envoyIntegrationInstalled: true,
        tokenValid: true,
        locationInfoMap: expect.objectContaining({}),
        orgUuid: rhombusAccounts.standard.org.uuid,
      },
      error: false,
      errorMsg: null,
      warningMsg: null,
    })
    const exchange = sandbox.state.log.records.find(
      (r) => r.provider === 'envoy' && r.path === '/a/auth/v0/token',
    )
    expect(exchange?.headers['user-agent']).toBe('rhombus-sandbox')
    expect(JSON.parse(exchange!.body)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'rhombus-envoy-integration',
    })
  })

  it('stays disconnected on Deny and appends the error to requestUrl', async () => {
    const sandbox = sandboxFixture()
    const { response } = await connect(sandbox, 'deny')
    expect(response.status).toBe(302)
    const back = new URL(response.headers.get('location')!)
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:5173/settings/integrations')
    expect(Object.fromEntries(back.searchParams)).toEqual({ tab: 'envoy', error: 'access_denied' })
    expect((await status(sandbox)).orgIntegrationV2.envoyIntegrationInstalled).toBe(false)
  })

  it('handles Envoy’s callback once: a replay is a 400 page', async () => {
    const sandbox = sandboxFixture()
    const { callback } = await connect(sandbox)
    const replay = await sandbox.request(callback.href, { redirect: 'manual' })
    expect(replay.status).toBe(400)
    expect(replay.headers.get('location')).toBeNull()
    expect(await replay.text()).toContain(errors.unknownCallbackState)
  })

  it('refuses a callback after the initiation expired', async () => {
    const sandbox = sandboxFixture()
    const { redirectUrl } = await initiate(sandbox)
    const callback = await completeEnvoyAuthorization(redirectUrl, {
      fetch: (input, init) => sandbox.request(input, init),
    })
    sandbox.advance(600_000)
    expect((await sandbox.request(callback.href, { redirect: 'manual' })).status).toBe(400)
  })

  it('reports a code Envoy refuses as error=server_error on requestUrl', async () => {
    const sandbox = sandboxFixture()
    const { redirectUrl } = await initiate(sandbox)
    const callback = await completeEnvoyAuthorization(redirectUrl, {
      fetch: (input, init) => sandbox.request(input, init),
    })
    sandbox.advance(30_000) // the code is stale by now
    const response = await sandbox.request(callback.href, { redirect: 'manual' })
    const back = new URL(response.headers.get('location')!)
    expect(back.searchParams.get('error')).toBe('server_error')
    expect(back.searchParams.get('error_description')).toBe(errors.exchangeFailed)
    expect((await status(sandbox)).orgIntegrationV2.envoyIntegrationInstalled).toBe(false)
  })

  it("answers HTTP 200 with error: true when param is 'sandbox-error'", async () => {
    const sandbox = sandboxFixture()
    expect(await initiate(sandbox, { ...initiateBody, param: 'sandbox-error' })).toEqual({
      redirectUrl: null,
      error: true,
      errorMsg: errors.sandboxError,
      warningMsg: null,
    })
  })

  it("adds a warningMsg to a working answer when param is 'sandbox-warning'", async () => {
    const sandbox = sandboxFixture()
    const answer = await initiate(sandbox, { ...initiateBody, param: 'sandbox-warning' })
    expect(answer).toEqual({
      redirectUrl: expect.stringContaining('/envoy/app/a/auth/v0/authorize?'),
      error: false,
      errorMsg: null,
      warningMsg: errors.sandboxWarning,
    })
  })

  it.each([
    ['no requestUrl', { param: null, rhombusOrgUserUuid: null }, errors.missingRequestUrl],
    ['a null requestUrl', { requestUrl: null }, errors.missingRequestUrl],
    ['a relative requestUrl', { requestUrl: '/settings' }, errors.missingRequestUrl],
    ['a javascript: requestUrl', { requestUrl: 'javascript:alert(1)' }, errors.missingRequestUrl],
    [
      'a user of another org',
      { ...initiateBody, rhombusOrgUserUuid: 'sbxUsrHedyLamarr000001' },
      errors.unknownOrgUser,
    ],
  ])('answers HTTP 200 with error: true for %s', async (_, body, errorMsg) => {
    const answer = await initiate(sandboxFixture(), body)
    expect(answer).toEqual({ redirectUrl: null, error: true, errorMsg, warningMsg: null })
  })

  it('accepts null param and rhombusOrgUserUuid', async () => {
    const answer = await initiate(sandboxFixture(), {
      param: null,
      requestUrl,
      rhombusOrgUserUuid: null,
    })
    expect(answer.error).toBe(false)
  })

  it('refuses a body that is not JSON, or fields of the wrong type', async () => {
    const sandbox = sandboxFixture()
    await expectApiError(
      await sandbox.rhombusIntegration('initiateEnvoyOAuth', '[]'),
      400,
      errors.invalidBody,
    )
    await expectApiError(
      await sandbox.rhombusIntegration('initiateEnvoyOAuth', { requestUrl: 42 }),
      400,
      errors.invalidInitiateBody,
    )
    const form = await sandbox.request(
      '/rhombus/api/api/integrations/serviceManagement/initiateEnvoyOAuth',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-auth-scheme': 'api-token',
          'x-auth-apikey': rhombusApiKey,
        },
        body: new URLSearchParams({ requestUrl }).toString(),
      },
    )
    await expectApiError(form, 415, errors.unsupportedMediaType)
  })
})

describe('Rhombus API-key headers on the Envoy integration', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no headers', {}, errors.unsupportedAuthScheme],
    ['no x-auth-scheme', { 'x-auth-apikey': rhombusApiKey }, errors.unsupportedAuthScheme],
    [
      'the OAuth scheme',
      { 'x-auth-scheme': 'api-oauth-token', 'x-auth-access-token': rhombusApiKey },
      errors.unsupportedAuthScheme,
    ],
    ['no x-auth-apikey', { 'x-auth-scheme': 'api-token' }, errors.missingApiKey],
    [
      'the key in the access-token header',
      { 'x-auth-scheme': 'api-token', 'x-auth-access-token': rhombusApiKey },
      errors.missingApiKey,
    ],
    [
      'a wrong key',
      { 'x-auth-scheme': 'api-token', 'x-auth-apikey': 'nope' },
      errors.invalidApiKey,
    ],
  ]

  it.each(cases)('refuses %s with 401 on both routes', async (_, headers, errorMsg) => {
    const sandbox = sandboxFixture()
    for (const name of [
      'initiateEnvoyOAuth',
      'getEnvoyIntegration',
      'deleteEnvoyIntegrationV2',
    ] as const) {
      await expectApiError(
        await sandbox.rhombusIntegration(name, initiateBody, headers),
        401,
        errorMsg,
      )
    }
  })

  it('checks keys against rhombusApiKeys', async () => {
    const sandbox = sandboxFixture({ rhombusApiKeys: ['custom-key'] })
    expect((await sandbox.rhombusIntegration('getEnvoyIntegration', {})).status).toBe(401)
    const custom = await sandbox.rhombusIntegration(
      'getEnvoyIntegration',
      {},
      { 'x-auth-scheme': 'api-token', 'x-auth-apikey': 'custom-key' },
    )
    expect(custom.status).toBe(200)
  })
})

describe('Rhombus Envoy integration: status, locations, removal', () => {
  const locations = (sandbox: Fixture, headers?: Record<string, string>) =>
    sandbox.request('/rhombus/api/api/report/getEnvoyLocations', {
      method: 'POST',
      headers: headers ?? {
        'content-type': 'application/json',
        'x-auth-scheme': 'api-token',
        'x-auth-apikey': rhombusApiKey,
      },
      body: '{}',
    })

  it("reads Envoy's locations through Rhombus once connected, as {locationList: [{id, name}]}", async () => {
    const sandbox = sandboxFixture()
    expect(await (await locations(sandbox)).json()).toEqual({
      error: true,
      errorMsg: errors.noEnvoyIntegration,
      warningMsg: null,
    })
    await connect(sandbox)
    const answer = await (await locations(sandbox)).json()
    expect(answer).toMatchObject({ authError: false, error: false })
    expect(answer.locationList.length).toBeGreaterThan(0)
    for (const location of answer.locationList) {
      expect(location).toEqual({ id: expect.any(String), name: expect.any(String) })
    }
    const map = (await status(sandbox)).orgIntegrationV2.locationInfoMap
    expect(Object.keys(map)).toEqual(answer.locationList.map((l: { id: string }) => l.id))
  })

  it('reports tokenValid false with a warning, and authError, once Envoy refuses the token', async () => {
    const sandbox = sandboxFixture()
    await connect(sandbox)
    await sandbox.request('/__sandbox/envoy/expire-access-tokens', { method: 'POST' })
    expect(await status(sandbox)).toMatchObject({
      orgIntegrationV2: { envoyIntegrationInstalled: true, tokenValid: false, locationInfoMap: {} },
      warningMsg: errors.envoyTokenInvalid,
    })
    expect(await (await locations(sandbox)).json()).toMatchObject({
      locationList: [],
      authError: true,
    })
  })

  it('removes the integration with deleteEnvoyIntegrationV2 {}; a second removal is error: true', async () => {
    const sandbox = sandboxFixture()
    await connect(sandbox)
    const removed = await sandbox.rhombusIntegration('deleteEnvoyIntegrationV2', {})
    expect(removed.status).toBe(200)
    expect(await removed.json()).toEqual({ error: false, errorMsg: null, warningMsg: null })
    expect((await status(sandbox)).orgIntegrationV2.envoyIntegrationInstalled).toBe(false)
    expect(await (await sandbox.rhombusIntegration('deleteEnvoyIntegrationV2', {})).json()).toEqual(
      { error: true, errorMsg: errors.noEnvoyIntegration, warningMsg: null },
    )
  })

  it("acts on the API key's organisation only: another org's key sees nothing installed", async () => {
    const sandbox = sandboxFixture()
    await connect(sandbox)
    const code = await sandbox.code('legacy', 'approve_other')
    const token = (await (await sandbox.legacyToken(code)).json()).accessToken as string
    const minted = await sandbox.rhombusApi(
      '/api/integrations/org/submitApiTokenApplication',
      { 'x-auth-scheme': 'api-oauth-token', 'x-auth-access-token': token },
      JSON.stringify({ displayName: 'other key', authType: 'API_TOKEN' }),
    )
    const { apiKey } = await minted.json()
    const other = { 'x-auth-scheme': 'api-token', 'x-auth-apikey': apiKey }
    const answer = await (await sandbox.rhombusIntegration('getEnvoyIntegration', {}, other)).json()
    expect(answer.orgIntegrationV2).toMatchObject({
      envoyIntegrationInstalled: false,
      orgUuid: rhombusAccounts.other.org.uuid,
    })
    expect(
      await (await sandbox.rhombusIntegration('deleteEnvoyIntegrationV2', {}, other)).json(),
    ).toMatchObject({ error: true })
    expect((await status(sandbox)).orgIntegrationV2.envoyIntegrationInstalled).toBe(true)
  })

  it('refuses a body that is not JSON (415) or not an object (400) on the new routes', async () => {
    const sandbox = sandboxFixture()
    const key = { 'x-auth-scheme': 'api-token', 'x-auth-apikey': rhombusApiKey }
    expect((await sandbox.rhombusIntegration('deleteEnvoyIntegrationV2', '[]')).status).toBe(400)
    expect((await locations(sandbox, key)).status).toBe(415)
  })
})
