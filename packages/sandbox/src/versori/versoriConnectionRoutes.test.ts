import { describe, expect, it } from 'vitest'
import { origin, sandboxFixture } from '../__tests__/sandboxFixture.js'
import { completeEnvoyAuthorization } from '../envoy/completeEnvoyAuthorization.js'
import type { EnvoyDecision } from '../envoy/envoyAuthorizeRoutes.js'
import { defaultVersoriData, versoriSandboxOrganisationId } from './versoriData.js'
import { versoriErrors as errors, versoriFieldErrors as fieldErrors } from './versoriErrorTexts.js'

type Fixture = ReturnType<typeof sandboxFixture>

const hub = defaultVersoriData.hubs[0]!
const connector = defaultVersoriData.connectors[0]!
const credential = defaultVersoriData.credentials[0]!
const userId = 'doorway-user-1'
const connections = `/api/embedded/v1/hubs/${hub.id}/users/${userId}/connections`

const authSchemeConfig = {
  id: '01HSBXA5C0NF1G000000000000',
  description: 'Envoy OAuth 2.0',
  schemeType: 'oauth2',
  authorizeUrl: `${origin}/envoy/app/a/auth/v0/authorize`,
  tokenUrl: `${origin}/envoy/app/a/auth/v0/token`,
  scopes: [{ name: 'locations.read' }, { name: 'token.refresh' }],
  defaultScopes: ['locations.read', 'token.refresh'],
  grant: { grantType: 'authorization_code' },
}

/** Initialises, plays the user at Envoy and returns the callback URL with code and state. */
async function authorize(
  sandbox: Fixture,
  { decision = 'approve', authorizeUrl = `${origin}/envoy/app/a/auth/v0/authorize` } = {} as {
    decision?: EnvoyDecision
    authorizeUrl?: string
  },
) {
  const response = await sandbox.versori(
    'POST',
    `/api/embedded/v1/embed/${hub.id}/connector/${connector.id}/oauth2/initialise`,
    {
      authorizeUrl,
      clientId: credential.clientId,
      credential: { id: credential.id, organisationId: credential.organisationId },
      scopes: ['locations.read', 'token.refresh'],
      disableOfflineAccess: true,
    },
  )
  const { url } = await response.json()
  return completeEnvoyAuthorization(url, {
    decision,
    fetch: (input, init) => sandbox.request(input, init),
  })
}

const createBody = (code: string, state: string, name = 'envoy') => ({
  connectorId: connector.id,
  connection: {
    name,
    credentials: {
      action: [
        {
          authSchemeConfig,
          credential: {
            name: 'Envoy for doorway-user-1',
            type: 'oauth2-code',
            data: { code, state },
          },
        },
      ],
    },
    variables: [],
  },
})

async function create(sandbox: Fixture, name = 'envoy') {
  const callback = await authorize(sandbox)
  return sandbox.versori(
    'POST',
    connections,
    createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!, name),
  )
}

async function expectError(response: Response, status: number, code: string, message: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toMatchObject({ code, message })
}

describe('Versori end-user connections', () => {
  it('creates a connection from an oauth2-code credential: Versori exchanges the code at Envoy', async () => {
    const sandbox = sandboxFixture()
    const callback = await authorize(sandbox)
    expect(`${callback.origin}${callback.pathname}`).toBe(
      `${origin}/versori/platform/oauth/callback`,
    )
    expect((await sandbox.request(callback.href)).status).toBe(200)

    const response = await sandbox.versori(
      'POST',
      connections,
      createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!),
    )
    expect(response.status).toBe(201)
    const ulid = expect.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/)
    const body = await response.json()
    expect(body).toEqual({
      id: ulid,
      name: 'envoy',
      credentials: {
        action: [
          {
            id: ulid,
            authSchemeConfig,
            credential: {
              id: ulid,
              organisationId: versoriSandboxOrganisationId,
              type: 'oauth2-token',
              name: 'Envoy for doorway-user-1',
              data: { scopes: ['locations.read', 'token.refresh'] },
            },
          },
        ],
      },
      variables: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    })
    expect(JSON.stringify(body)).not.toMatch(/envoy_(at|rt)_/)

    const exchange = sandbox.state.log.records.filter(
      (r) => r.provider === 'envoy' && r.path === '/a/auth/v0/token',
    )
    expect(exchange).toHaveLength(1)
    expect(exchange[0]!.headers['user-agent']).toBe('versori-sandbox')
    expect(JSON.parse(exchange[0]!.body)).toEqual({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code'),
      client_id: credential.clientId,
      client_secret: credential.clientSecret,
    })
  })

  it('lists the user’s connections for status; DeleteEndUser removes the user and them all', async () => {
    const sandbox = sandboxFixture()
    const list = async (query = '') =>
      (await sandbox.versori('GET', `${connections}${query}`)).json()
    expect(await list()).toEqual({ totalCount: 0, connections: [] })
    const { id } = await (await create(sandbox)).json()
    expect(await list()).toEqual({
      totalCount: 1,
      connections: [
        { id, name: 'envoy', createdAt: expect.any(String), updatedAt: expect.any(String) },
      ],
    })
    expect(await list(`?hub_connector_id=${connector.id}`)).toMatchObject({ totalCount: 1 })
    expect(await list('?hub_connector_id=01HSBXENV0Y00000000000000X')).toMatchObject({
      totalCount: 0,
    })
    const other = await sandbox.versori(
      'GET',
      `/api/embedded/v1/hubs/${hub.id}/users/someone-else/connections`,
    )
    expect(await other.json()).toEqual({ totalCount: 0, connections: [] })

    expect((await create(sandbox, 'envoy-2')).status).toBe(201)
    const endUser = `/api/embedded/v1/hubs/${hub.id}/users/${userId}`
    expect((await sandbox.versori('DELETE', endUser)).status).toBe(204)
    expect(await list()).toEqual({ totalCount: 0, connections: [] })
    await expectError(
      await sandbox.versori('DELETE', endUser),
      404,
      'not_found',
      errors.endUserNotFound,
    )
    expect(sandbox.state.versori.violations().count).toBe(0)
  })

  it('emulates no route to delete one connection: 404, recorded as a violation', async () => {
    const sandbox = sandboxFixture()
    const { id } = await (await create(sandbox)).json()
    const undocumented = `${connections}/${id}`
    await expectError(
      await sandbox.versori('DELETE', undocumented),
      404,
      'not_found',
      errors.notFound,
    )
    expect((await sandbox.versori('GET', connections).then((r) => r.json())).totalCount).toBe(1)
    const read = await sandbox.request('/__sandbox/versori/violations')
    expect(await read.json()).toEqual({
      count: 1,
      violations: [{ method: 'DELETE', path: undocumented, at: expect.any(Number) }],
    })
    expect(
      (await sandbox.request('/__sandbox/versori/violations', { method: 'DELETE' })).status,
    ).toBe(204)
    expect(sandbox.state.versori.violations()).toEqual({ count: 0, violations: [] })
  })

  it('keeps at most 100 violations, counting them all', async () => {
    const sandbox = sandboxFixture()
    for (let i = 0; i < 105; i++) await sandbox.versori('GET', `/nope/${i}`)
    const { count, violations } = sandbox.state.versori.violations()
    expect(count).toBe(105)
    expect(violations).toHaveLength(100)
    expect(violations[0]?.path).toBe('/nope/5')
  })

  it('spends the state: a second connection with the same code and state is refused', async () => {
    const sandbox = sandboxFixture()
    const callback = await authorize(sandbox)
    const body = createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!)
    expect((await sandbox.versori('POST', connections, body)).status).toBe(201)
    await expectError(
      await sandbox.versori('POST', connections, {
        ...body,
        connection: { ...body.connection, name: 'again' },
      }),
      400,
      'invalid_state',
      errors.invalidState,
    )
  })

  it('refuses a state initialise never issued, or one that expired', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.versori('POST', connections, createBody('code', 'forged')),
      400,
      'invalid_state',
      errors.invalidState,
    )
    const callback = await authorize(sandbox)
    sandbox.advance(600_000)
    await expectError(
      await sandbox.versori(
        'POST',
        connections,
        createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!),
      ),
      400,
      'invalid_state',
      errors.invalidState,
    )
  })

  it('reports a code Envoy refuses with the provider’s answer in details', async () => {
    const sandbox = sandboxFixture()
    const callback = await authorize(sandbox)
    const response = await sandbox.versori(
      'POST',
      connections,
      createBody('envoy_code_forged', callback.searchParams.get('state')!),
    )
    expect(response.status).toBe(400)
    const body = await response.json()
    expect(body).toMatchObject({ code: 'oauth2_exchange_failed', message: errors.exchangeFailed })
    expect(JSON.parse(body.details)).toMatchObject({ error: 'invalid_grant' })
  })

  it('keeps names unique per user and connector: 409', async () => {
    const sandbox = sandboxFixture()
    expect((await create(sandbox)).status).toBe(201)
    await expectError(await create(sandbox), 409, 'conflict', errors.connectionNameTaken)
    expect((await create(sandbox, 'envoy-2')).status).toBe(201)
  })

  it('refuses to exchange codes for a provider other than the sandbox’s Envoy', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.versori(
      'POST',
      `/api/embedded/v1/embed/${hub.id}/connector/${connector.id}/oauth2/initialise`,
      {
        authorizeUrl: 'https://idp.example/authorize',
        clientId: credential.clientId,
        credential: { id: credential.id, organisationId: credential.organisationId },
      },
    )
    const state = new URL((await response.json()).url).searchParams.get('state')!
    await expectError(
      await sandbox.versori('POST', connections, createBody('code', state)),
      400,
      'unsupported_provider',
      errors.unsupportedProvider,
    )
  })

  it('refuses a state issued for another connector', async () => {
    const other = {
      id: '01HSBXENV0Y000000000000002',
      name: 'Envoy 2',
      organisationId: versoriSandboxOrganisationId,
    }
    const sandbox = sandboxFixture({
      versoriData: {
        ...defaultVersoriData,
        hubs: [{ ...hub, connectorIds: [connector.id, other.id] }],
        connectors: [connector, other],
      },
    })
    const callback = await authorize(sandbox)
    const body = createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!)
    await expectError(
      await sandbox.versori('POST', connections, { ...body, connectorId: other.id }),
      400,
      'invalid_state',
      errors.stateMismatch,
    )
  })

  it('reports each invalid field of the body', async () => {
    const response = await sandboxFixture().versori('POST', connections, {
      connectorId: connector.id,
      connection: {
        name: '',
        credentials: {
          action: [
            {
              authSchemeConfig: { schemeType: 'api-key' },
              credential: { name: 'x', type: 'oauth2-token', data: { code: 'c' } },
            },
          ],
        },
      },
    })
    expect(response.status).toBe(400)
    const path = 'connection.credentials.action[0]'
    expect((await response.json()).fields).toEqual([
      { field: 'connection.name', message: fieldErrors.string },
      { field: 'connection.variables', message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.id`, message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.description`, message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.schemeType`, message: fieldErrors.schemeType },
      { field: `${path}.authSchemeConfig.authorizeUrl`, message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.tokenUrl`, message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.scopes`, message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.defaultScopes`, message: fieldErrors.required },
      { field: `${path}.authSchemeConfig.grant`, message: fieldErrors.required },
      { field: `${path}.credential.type`, message: fieldErrors.credentialType },
      { field: `${path}.credential.data.state`, message: fieldErrors.required },
    ])
  })

  it.each([
    'id',
    'description',
    'schemeType',
    'authorizeUrl',
    'tokenUrl',
    'scopes',
    'defaultScopes',
    'grant',
  ])("refuses an AuthSchemeConfigOAuth2 without %s, in Versori's error format", async (name) => {
    const sandbox = sandboxFixture()
    const callback = await authorize(sandbox)
    const body = createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!)
    const { [name]: _dropped, ...rest } = authSchemeConfig as Record<string, unknown>
    body.connection.credentials.action[0]!.authSchemeConfig = rest as typeof authSchemeConfig
    const response = await sandbox.versori('POST', connections, body)
    expect(response.status).toBe(400)
    const field = `connection.credentials.action[0].authSchemeConfig.${name}`
    expect(await response.json()).toEqual({
      code: 'invalid_request',
      message: errors.invalidRequest,
      fields: [
        { field, message: name === 'schemeType' ? fieldErrors.schemeType : fieldErrors.required },
      ],
    })
    expect(sandbox.state.versori.listConnections(hub.id, userId)).toEqual([])
    // The state is not spent by a refused body: the complete one still connects.
    expect(
      (
        await sandbox.versori(
          'POST',
          connections,
          createBody(callback.searchParams.get('code')!, callback.searchParams.get('state')!),
        )
      ).status,
    ).toBe(201)
  })

  it('refuses malformed AuthSchemeConfigOAuth2 fields', async () => {
    const body = createBody('c', 's')
    body.connection.credentials.action[0]!.authSchemeConfig = {
      ...authSchemeConfig,
      id: 'not-a-ulid',
      tokenUrl: 'ftp://x',
      scopes: ['locations.read'],
      defaultScopes: [1],
      grant: { grantType: 'implicit' },
    } as unknown as typeof authSchemeConfig
    const response = await sandboxFixture().versori('POST', connections, body)
    const path = 'connection.credentials.action[0].authSchemeConfig'
    expect((await response.json()).fields).toEqual([
      { field: `${path}.id`, message: fieldErrors.ulid },
      { field: `${path}.tokenUrl`, message: fieldErrors.url },
      { field: `${path}.scopes`, message: fieldErrors.oauth2Scopes },
      { field: `${path}.defaultScopes`, message: fieldErrors.stringArray },
      { field: `${path}.grant.grantType`, message: fieldErrors.grantType },
    ])
  })

  it('needs exactly one action credential', async () => {
    const body = createBody('c', 's')
    const response = await sandboxFixture().versori('POST', connections, {
      ...body,
      connection: { ...body.connection, credentials: { action: [] } },
    })
    expect((await response.json()).fields).toEqual([
      { field: 'connection.credentials.action', message: fieldErrors.oneCredential },
    ])
  })

  it('needs the bearer token on every connection route', async () => {
    const sandbox = sandboxFixture()
    for (const [method, path] of [
      ['POST', connections],
      ['GET', connections],
      ['DELETE', `/api/embedded/v1/hubs/${hub.id}/users/${userId}`],
    ] as const) {
      await expectError(
        await sandbox.versori(
          method,
          path,
          method === 'POST' ? createBody('c', 's') : undefined,
          {},
        ),
        401,
        'unauthorized',
        errors.missingToken,
      )
    }
  })

  it('404s an unknown hub and a connector outside the hub', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.versori(
        'GET',
        `/api/embedded/v1/hubs/01HSBXHVB0000000000000000X/users/${userId}/connections`,
      ),
      404,
      'not_found',
      errors.hubNotFound,
    )
    await expectError(
      await sandbox.versori('POST', connections, {
        ...createBody('c', 's'),
        connectorId: '01HSBXENV0Y00000000000000X',
      }),
      404,
      'not_found',
      errors.connectorNotInHub,
    )
  })

  it('addresses users by external id only', async () => {
    await expectError(
      await sandboxFixture().versori('GET', `${connections}?identifier_type=internal`),
      400,
      'invalid_request',
      errors.unsupportedIdentifierType,
    )
  })
})
