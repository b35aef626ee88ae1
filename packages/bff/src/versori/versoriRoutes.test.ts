import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  isKeyOrgCall,
  type RecordedCall,
  type Responder,
  rhombusApiKey,
  sessionCookie,
  testBff,
  testOrg,
  versoriSettings,
  withRhombusOrgChecks,
} from '../__tests__/bffTestKit.js'
import type { VersoriBffConfig } from '../config/BffConfig.js'
import { parseVersoriInitialiseRequest } from './versoriRoutes.js'

const authorizeUrl =
  'https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=versori-envoy-client&redirect_uri=https%3A%2F%2Fplatform.versori.com%2Foauth%2Fcallback&scope=locations.read+token.refresh&state=vs-STATE-1&prompt=login&x=%2Fkeep%20as%20is'

/** A fake Versori: initialise answers `authorizeUrl`, connections are kept in memory. */
function fakeVersori(): Responder {
  const connections: { id: string; name: string }[] = []
  return (call: RecordedCall) => {
    const url = new URL(call.url)
    if (url.pathname.endsWith('/oauth2/initialise')) return Response.json({ url: authorizeUrl })
    if (url.pathname.endsWith('/connections') && call.method === 'POST') {
      connections.push({ id: `01CONN${connections.length}`, name: 'Envoy' })
      return Response.json(
        {
          id: connections.at(-1)?.id,
          name: 'Envoy',
          credentials: {
            action: [
              {
                credential: {
                  type: 'oauth2-token',
                  data: { scopes: ['locations.read', 'token.refresh'] },
                },
              },
            ],
          },
        },
        { status: 201 },
      )
    }
    if (url.pathname.endsWith('/connections')) {
      return Response.json({ totalCount: connections.length, connections })
    }
    if (call.method === 'DELETE' && /\/hubs\/[^/]+\/users\/[^/]+$/.test(url.pathname)) {
      if (connections.length === 0) {
        return Response.json({ code: 'not_found', message: 'gone' }, { status: 404 })
      }
      connections.length = 0
      return new Response(null, { status: 204 })
    }
    return Response.json({ code: 'not_found', message: 'no route' }, { status: 404 })
  }
}

async function versoriBff(
  versori: Partial<VersoriBffConfig> = {},
  respond: Responder = fakeVersori(),
  userId = 'user-1',
) {
  const bff = testBff({ versori, respond })
  const cookie = await sessionCookie(bff.store, userId)
  const post = (path: string, body: unknown, as = cookie) =>
    bff.app.request(bffRequest('POST', `/bff/envoy/versori/${path}`, { cookie: as, body }))
  return { ...bff, cookie, post }
}

describe('POST /envoy/versori/initialise', () => {
  it('Embedded API: POST /embed/{hub}/connector/{connector}/oauth2/initialise with the documented body', async () => {
    const { post, calls } = await versoriBff()
    const response = await post('initialise', {})
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ url: authorizeUrl, state: 'vs-STATE-1' })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe(
      'https://versori.test/api/embedded/v1/embed/01HUB/connector/01CONNECTOR/oauth2/initialise',
    )
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer versori-SECRET-token',
      'content-type': 'application/json',
    })
    expect(calls[0]?.body).toBe(
      JSON.stringify({
        authorizeUrl: 'https://app.envoy.com/a/auth/v0/authorize',
        clientId: 'versori-envoy-client',
        credential: { id: '01CREDENTIAL', organisationId: '01ORG' },
        scopes: ['locations.read', 'token.refresh'],
        disableOfflineAccess: true,
      }),
    )
  })

  it('Connect API: POST /o/{organisation}/connectors/{connector}/oauth2/initialise with Bearer', async () => {
    const { post, calls } = await versoriBff({
      api: 'connect',
      credentialOrganisationId: '01CREDORG',
      authorizeUrl: 'https://envoy.example/authorize',
      scopes: ['locations.read'],
    })
    const response = await post('initialise', {
      prompt: 'consent+select_account',
      additionalParams: 'foo=bar&baz=cat%20bob',
    })
    expect(response.status).toBe(200)
    expect(calls[0]?.url).toBe(
      'https://versori.test/api/connect/v1/o/01ORG/connectors/01CONNECTOR/oauth2/initialise',
    )
    expect(calls[0]?.headers.authorization).toBe('Bearer versori-SECRET-token')
    expect(calls[0]?.body).toBe(
      JSON.stringify({
        authorizeUrl: 'https://envoy.example/authorize',
        clientId: 'versori-envoy-client',
        credential: { id: '01CREDENTIAL', organisationId: '01CREDORG' },
        scopes: ['locations.read'],
        disableOfflineAccess: true,
        prompt: 'consent+select_account',
        additionalParams: 'foo=bar&baz=cat%20bob',
      }),
    )
  })

  it.each([
    'redirect_uri=https://evil.test',
    'state=mine',
    'prompt=none',
    'scope=admin',
    'response_type=token',
    'client_id=other',
    'code_challenge=abc',
    'code_challenge_method=plain',
    'a=1&STATE=x',
    'a=1&redirect%5Furi=x',
  ])(
    'additionalParams %j collides with a standard parameter: 400 with no upstream call',
    async (additionalParams) => {
      const { post, calls } = await versoriBff()
      const response = await post('initialise', { additionalParams })
      expect(response.status).toBe(400)
      const problem = await response.json()
      expect(problem.code).toBe('bad_request')
      expect(problem.detail).toMatch(/must not set/)
      expect(calls).toHaveLength(0)
    },
  )

  it('the URL is answered unchanged; one without a state is invalid_response', async () => {
    const { post } = await versoriBff({}, () =>
      Response.json({ url: 'https://app.envoy.com/a/auth/v0/authorize?client_id=x' }),
    )
    expect((await (await post('initialise', {})).json()).code).toBe('invalid_response')
  })

  it('Versori errors keep Versori’s code and message', async () => {
    const { post } = await versoriBff({}, () =>
      Response.json(
        { code: 'client_id_mismatch', message: 'clientId does not match' },
        { status: 400 },
      ),
    )
    expect(await (await post('initialise', {})).json()).toMatchObject({
      code: 'upstream_error',
      error: 'client_id_mismatch',
      error_description: 'clientId does not match',
    })
    const refused = await versoriBff({}, () =>
      Response.json({ code: 'unauthorized', message: 'Invalid bearer token.' }, { status: 401 }),
    )
    expect((await (await refused.post('initialise', {})).json()).hint).toMatch(/VERSORI_TOKEN/)
  })
})

describe('POST /envoy/versori/complete', () => {
  it('creates the end user’s connection from an oauth2-code credential {code, state}', async () => {
    const { post, calls } = await versoriBff({ userIdPrefix: 'doorway:' })
    await post('initialise', {})
    const response = await post('complete', { code: 'vs-code-SECRET', state: 'vs-STATE-1' })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      status: 'connected',
      via: 'versori',
      scopes: ['locations.read', 'token.refresh'],
    })
    const create = calls[1]
    expect(create?.url).toBe(
      'https://versori.test/api/embedded/v1/hubs/01HUB/users/doorway%3Auser-1/connections',
    )
    expect(create?.method).toBe('POST')
    expect(create?.headers.authorization).toBe('Bearer versori-SECRET-token')
    expect(JSON.parse(create?.body ?? '{}')).toEqual({
      connectorId: '01CONNECTOR',
      connection: {
        name: 'Envoy',
        credentials: {
          action: [
            {
              // Every field AuthSchemeConfigOAuth2 requires (Embedded API v1 OpenAPI).
              authSchemeConfig: {
                id: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
                description: 'Envoy OAuth 2.0',
                schemeType: 'oauth2',
                authorizeUrl: 'https://app.envoy.com/a/auth/v0/authorize',
                tokenUrl: 'https://app.envoy.com/a/auth/v0/token',
                scopes: [{ name: 'locations.read' }, { name: 'token.refresh' }],
                defaultScopes: ['locations.read', 'token.refresh'],
                grant: {
                  grantType: 'authorization_code',
                  credentialId: '01CREDENTIAL',
                  organisationId: '01ORG',
                  clientId: 'versori-envoy-client',
                },
              },
              credential: {
                name: 'Envoy authorization code',
                type: 'oauth2-code',
                data: { code: 'vs-code-SECRET', state: 'vs-STATE-1' },
              },
            },
          ],
        },
        variables: [],
      },
    })
  })

  it('a state this BFF did not initialise, another user’s, or a used one is 400 state_mismatch, with no upstream call', async () => {
    const { post, calls, store } = await versoriBff()
    const other = await sessionCookie(store, 'user-2')
    await post('initialise', {})
    calls.length = 0
    const unknown = await post('complete', { code: 'c', state: 'vs-STATE-forged' })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).code).toBe('state_mismatch')
    const foreign = await post('complete', { code: 'c', state: 'vs-STATE-1' }, other)
    expect((await foreign.json()).code).toBe('state_mismatch')
    expect(calls).toHaveLength(0)
    expect((await post('complete', { code: 'c', state: 'vs-STATE-1' })).status).toBe(200)
    const replay = await post('complete', { code: 'c', state: 'vs-STATE-1' })
    expect((await replay.json()).code).toBe('state_mismatch')
    expect(calls).toHaveLength(1)
  })

  it('Versori’s own refusals map: invalid_state, exchange failure, name taken', async () => {
    for (const [answer, code] of [
      [
        { status: 400, body: { code: 'invalid_state', message: 'The state is unknown' } },
        'state_mismatch',
      ],
      [
        { status: 400, body: { code: 'oauth2_exchange_failed', message: 'refused' } },
        'invalid_grant',
      ],
      [{ status: 409, body: { code: 'conflict', message: 'name taken' } }, 'already_connected'],
    ] as const) {
      const { post } = await versoriBff({}, (call) =>
        call.url.endsWith('/initialise')
          ? Response.json({ url: authorizeUrl })
          : Response.json(answer.body, { status: answer.status }),
      )
      await post('initialise', {})
      const problem = await (await post('complete', { code: 'c', state: 'vs-STATE-1' })).json()
      expect(problem.code).toBe(code)
      expect(problem.error).toBe(answer.body.code)
    }
  })

  it('a configured VERSORI_TOKEN_URL and VERSORI_SCOPES reach the scheme', async () => {
    const { post, calls } = await versoriBff({
      authorizeUrl: 'https://idp.test/oauth/authorize',
      scopes: ['a.read'],
      tokenUrl: 'https://idp.test/oauth/token-endpoint',
    })
    await post('initialise', {})
    await post('complete', { code: 'c', state: 'vs-STATE-1' })
    const body = JSON.parse(calls[1]?.body ?? '{}')
    expect(body.connection.credentials.action[0].authSchemeConfig).toMatchObject({
      authorizeUrl: 'https://idp.test/oauth/authorize',
      tokenUrl: 'https://idp.test/oauth/token-endpoint',
      scopes: [{ name: 'a.read' }],
      defaultScopes: ['a.read'],
    })
  })

  it('the token URL defaults to the authorize URL with its /authorize made /token', async () => {
    const { post, calls } = await versoriBff({ authorizeUrl: 'https://idp.test/o/authorize' })
    await post('initialise', {})
    await post('complete', { code: 'c', state: 'vs-STATE-1' })
    const body = JSON.parse(calls[1]?.body ?? '{}')
    expect(body.connection.credentials.action[0].authSchemeConfig.tokenUrl).toBe(
      'https://idp.test/o/token',
    )
  })

  it('GET /envoy/connection?via=versori lists the user’s connections; disconnect is DeleteEndUser', async () => {
    const { post, app, cookie, calls } = await versoriBff()
    const status = () =>
      app.request(bffRequest('GET', '/bff/envoy/connection?via=versori', { cookie }))
    expect(await (await status()).json()).toEqual({ status: 'disconnected', via: 'versori' })
    await post('initialise', {})
    await post('complete', { code: 'c', state: 'vs-STATE-1' })
    expect(await (await status()).json()).toEqual({ status: 'connected', via: 'versori' })
    const list = calls.find((call) => call.method === 'GET')
    expect(list?.url).toBe(
      'https://versori.test/api/embedded/v1/hubs/01HUB/users/user-1/connections?hub_connector_id=01CONNECTOR',
    )
    const disconnect = await app.request(
      bffRequest('POST', '/bff/envoy/disconnect', { cookie, body: { via: 'versori' } }),
    )
    expect(await disconnect.json()).toEqual({ status: 'disconnected', via: 'versori' })
    // One documented call: DELETE /hubs/{hub_id}/users/{user_id}, no listing first.
    const removals = calls.filter((call) => call.method === 'DELETE')
    expect(removals).toHaveLength(1)
    expect(removals[0]?.url).toBe('https://versori.test/api/embedded/v1/hubs/01HUB/users/user-1')
    expect(removals[0]?.headers).toEqual({
      accept: 'application/json',
      authorization: 'Bearer versori-SECRET-token',
    })
    expect(removals[0]?.body).toBeUndefined()
    expect(await (await status()).json()).toEqual({ status: 'disconnected', via: 'versori' })
    // Already gone (404) is disconnected too.
    const again = await app.request(
      bffRequest('POST', '/bff/envoy/disconnect', { cookie, body: { via: 'versori' } }),
    )
    expect(await again.json()).toEqual({ status: 'disconnected', via: 'versori' })
  })

  it('GET /config tells the Versori callback origin', async () => {
    const { app } = testBff({
      versori: { callbackOrigin: 'http://127.0.0.1:4010/versori/platform' },
    })
    const config = await (await app.request(bffRequest('GET', '/bff/config'))).json()
    expect(config.versori).toEqual({ callbackOrigin: 'http://127.0.0.1:4010' })
    expect(config.connect.versori).toBe(true)
    expect(JSON.stringify(config)).not.toContain(versoriSettings.token)
  })
})

describe("25. with RHOMBUS_API_KEY, Versori (the server's token) is for the key's organisation only", () => {
  const otherOrg = { uuid: 'org-OTHER-2', name: 'Other Org' }
  const isVersoriCall = (call: RecordedCall) => call.url.startsWith(versoriSettings.baseUrl)

  async function keyedBff(org: typeof testOrg | null) {
    const bff = testBff({
      versori: {},
      rhombus: { apiKey: rhombusApiKey },
      respond: withRhombusOrgChecks(fakeVersori()),
    })
    const cookie = await sessionCookie(bff.store, 'user-1', { org })
    const request = (method: string, path: string, body?: unknown) =>
      bff.app.request(bffRequest(method, `/bff/envoy/${path}`, { cookie, body }))
    return { ...bff, cookie, request }
  }

  it.each([
    ['another org', otherOrg],
    ['an org Rhombus did not name', null],
  ])(
    '25. a user of %s gets 403 forbidden on every Versori route, with no call to Versori',
    async (_, org) => {
      const { request, calls } = await keyedBff(org)
      for (const response of [
        await request('POST', 'versori/initialise', {}),
        await request('POST', 'versori/complete', { code: 'c', state: 'vs-STATE-1' }),
        await request('GET', 'connection?via=versori'),
        await request('POST', 'disconnect', { via: 'versori' }),
      ]) {
        expect(response.status).toBe(403)
        expect((await response.json()).code).toBe('forbidden')
      }
      expect(calls.filter(isVersoriCall)).toEqual([])
      expect(calls.filter((call) => !isKeyOrgCall(call))).toEqual([])
    },
  )

  it("25. a user of the key's org connects as before", async () => {
    const { request, calls } = await keyedBff(testOrg)
    const initialised = await request('POST', 'versori/initialise', {})
    expect(initialised.status).toBe(200)
    expect(
      (await request('POST', 'versori/complete', { code: 'c', state: 'vs-STATE-1' })).status,
    ).toBe(200)
    expect(await (await request('GET', 'connection?via=versori')).json()).toEqual({
      status: 'connected',
      via: 'versori',
    })
    expect(calls.filter(isKeyOrgCall)).toHaveLength(1)
    expect(calls.filter(isVersoriCall).length).toBeGreaterThanOrEqual(3)
  })

  it('without RHOMBUS_API_KEY there is no org to compare with: any confirmed session may connect, and no org is asked', async () => {
    const { post, calls, store } = await versoriBff()
    for (const org of [otherOrg, null]) {
      const response = await post('initialise', {}, await sessionCookie(store, 'user-3', { org }))
      expect(response.status).toBe(200)
    }
    expect(calls.filter(isKeyOrgCall)).toEqual([])
    expect(calls.filter(isVersoriCall)).toHaveLength(2)
  })
})

describe('31. reserved OAuth parameter names are compared after decoding, trimming and lower-casing', () => {
  it.each([
    'state=x',
    'State=x',
    'STATE=x',
    '%73tate=x',
    '%20state=x',
    'state%20=x',
    '+state=x',
    'state%00=x',
    '%09redirect_uri=https%3A%2F%2Fevil.example',
    'Redirect_URI%0A=https%3A%2F%2Fevil.example',
    'foo=1&%43LIENT_ID=other',
    'code_challenge%7F=x',
  ])('%s is a collision: 400 bad_request naming it', (additionalParams) => {
    expect(() => parseVersoriInitialiseRequest({ additionalParams })).toThrow(
      expect.objectContaining({
        code: 'bad_request',
        message: expect.stringContaining('must not set'),
      }),
    )
  })

  it.each([
    'foo=bar&baz=qux',
    'access_type=offline',
    'states=x',
    'my_state=x',
    'approval_prompt=force',
  ])('%s is not reserved: kept as given', (additionalParams) => {
    expect(parseVersoriInitialiseRequest({ additionalParams })).toEqual({ additionalParams })
  })
})
