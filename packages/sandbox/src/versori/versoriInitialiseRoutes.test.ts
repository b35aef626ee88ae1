import { describe, expect, it } from 'vitest'
import { origin, sandboxFixture } from '../__tests__/sandboxFixture.js'
import { defaultVersoriData, versoriSandboxOrganisationId } from './versoriData.js'
import { versoriErrors as errors, versoriFieldErrors as fieldErrors } from './versoriErrorTexts.js'

const hub = defaultVersoriData.hubs[0]!
const connector = defaultVersoriData.connectors[0]!
const credential = defaultVersoriData.credentials[0]!

const embedded = `/api/embedded/v1/embed/${hub.id}/connector/${connector.id}/oauth2/initialise`
const connect = `/api/connect/v1/o/${versoriSandboxOrganisationId}/connectors/${connector.id}/oauth2/initialise`
const envoyAuthorize = `${origin}/envoy/app/a/auth/v0/authorize`

const body = {
  authorizeUrl: envoyAuthorize,
  clientId: credential.clientId,
  credential: { id: credential.id, organisationId: credential.organisationId },
  scopes: ['locations.read', 'token.refresh'],
  disableOfflineAccess: true,
}

async function expectError(response: Response, status: number, code: string, message: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toMatchObject({ code, message })
}

describe.each([
  ['Embedded API v1', embedded],
  ['Connect API v1', connect],
])('Versori oauth2/initialise (%s)', (_, path) => {
  it('answers {url}: the authorize URL with Versori’s callback, a fresh state and the scopes', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.versori('POST', path, body)
    expect(response.status).toBe(200)
    const answer = await response.json()
    expect(Object.keys(answer)).toEqual(['url'])
    const url = new URL(answer.url)
    expect(`${url.origin}${url.pathname}`).toBe(envoyAuthorize)
    expect(url.search).toMatch(
      new RegExp(
        `^\\?response_type=code&client_id=versori-envoy-client&redirect_uri=${encodeURIComponent(
          `${origin}/versori/platform/oauth/callback`,
        )}&scope=locations\\.read\\+token\\.refresh&state=versori_state_[\\w-]+&prompt=login$`,
      ),
    )
    const again = new URL((await (await sandbox.versori('POST', path, body)).json()).url)
    expect(again.searchParams.get('state')).not.toBe(url.searchParams.get('state'))
  })

  it('adds offline_access unless disabled (and Envoy’s prompt then refuses the unknown scope)', async () => {
    const sandbox = sandboxFixture()
    const { disableOfflineAccess: __, ...withOffline } = body
    const { url } = await (await sandbox.versori('POST', path, withOffline)).json()
    expect(new URL(url).searchParams.get('scope')).toBe(
      'locations.read token.refresh offline_access',
    )
    expect((await sandbox.request(url)).status).toBe(400)
  })

  it('needs the bearer token', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.versori('POST', path, body, {}),
      401,
      'unauthorized',
      errors.missingToken,
    )
    const wrong = await sandbox.versori('POST', path, body, { authorization: 'Bearer nope' })
    await expectError(wrong, 401, 'unauthorized', errors.invalidToken)
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="versori-sandbox"')
    await expectError(
      await sandbox.versori('POST', path, body, { authorization: 'Basic c2FuZGJveA==' }),
      401,
      'unauthorized',
      errors.missingToken,
    )
  })

  it('takes tokens from versoriTokens', async () => {
    const sandbox = sandboxFixture({ versoriTokens: ['t0k3n'] })
    expect((await sandbox.versori('POST', path, body)).status).toBe(401)
    const ok = await sandbox.versori('POST', path, body, { authorization: 'Bearer t0k3n' })
    expect(ok.status).toBe(200)
  })

  it('refuses a clientId other than the credential’s', async () => {
    await expectError(
      await sandboxFixture().versori('POST', path, { ...body, clientId: 'envoy-sandbox-client' }),
      400,
      'client_id_mismatch',
      errors.clientIdMismatch,
    )
  })

  it('refuses an unknown credential, or one of another organisation', async () => {
    const sandbox = sandboxFixture()
    for (const ref of [
      { id: '01HSBXCRED000000000000000X', organisationId: credential.organisationId },
      { id: credential.id, organisationId: '01HSBX0RG0000000000000000X' },
    ]) {
      await expectError(
        await sandbox.versori('POST', path, { ...body, credential: ref }),
        404,
        'not_found',
        errors.credentialNotFound,
      )
    }
  })

  it.each(['redirect_uri', 'state', 'prompt', 'scope', 'response_type', 'client_id'])(
    'refuses additionalParams colliding with %s',
    async (name) => {
      await expectError(
        await sandboxFixture().versori('POST', path, {
          ...body,
          additionalParams: `foo=bar&${name}=x`,
        }),
        400,
        'parameter_conflict',
        errors.parameterConflict,
      )
    },
  )

  it('appends harmless additionalParams after the standard parameters', async () => {
    const response = await sandboxFixture().versori('POST', path, {
      ...body,
      additionalParams: 'bar=baz&foo=cat%20bob',
    })
    expect((await response.json()).url).toMatch(/&prompt=login&bar=baz&foo=cat\+bob$/)
  })

  it('reports each invalid field', async () => {
    const response = await sandboxFixture().versori('POST', path, {
      authorizeUrl: '/relative',
      credential: { id: '' },
      scopes: ['ok', 'two words'],
      disableOfflineAccess: 'yes',
      prompt: 7,
      additionalParams: ['x'],
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      code: 'invalid_request',
      message: errors.invalidRequest,
      fields: [
        { field: 'authorizeUrl', message: fieldErrors.url },
        { field: 'clientId', message: fieldErrors.required },
        { field: 'credential.id', message: fieldErrors.string },
        { field: 'credential.organisationId', message: fieldErrors.required },
        { field: 'scopes[1]', message: fieldErrors.scope },
        { field: 'disableOfflineAccess', message: fieldErrors.boolean },
        { field: 'prompt', message: fieldErrors.string },
        { field: 'additionalParams', message: fieldErrors.string },
      ],
    })
  })

  it('refuses a body that is not a JSON object, or not JSON', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.versori('POST', path, '[]'),
      400,
      'invalid_request',
      errors.invalidBody,
    )
    await expectError(
      await sandbox.versori('POST', path, undefined, {
        authorization: 'Bearer sandbox-versori-token',
        'content-type': 'text/plain',
      }),
      415,
      'unsupported_media_type',
      errors.unsupportedMediaType,
    )
  })
})

describe('Versori oauth2/initialise paths', () => {
  it('404s an unknown hub or a connector outside the hub (Embedded)', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.versori(
        'POST',
        `/api/embedded/v1/embed/01HSBXHVB0000000000000000X/connector/${connector.id}/oauth2/initialise`,
        body,
      ),
      404,
      'not_found',
      errors.hubNotFound,
    )
    await expectError(
      await sandbox.versori(
        'POST',
        `/api/embedded/v1/embed/${hub.id}/connector/01HSBXENV0Y00000000000000X/oauth2/initialise`,
        body,
      ),
      404,
      'not_found',
      errors.connectorNotInHub,
    )
  })

  it('404s a connector of another organisation (Connect)', async () => {
    await expectError(
      await sandboxFixture().versori(
        'POST',
        `/api/connect/v1/o/01HSBX0RG0000000000000000X/connectors/${connector.id}/oauth2/initialise`,
        body,
      ),
      404,
      'not_found',
      errors.connectorNotInOrganisation,
    )
  })

  it('logs Versori requests as provider versori, role platform', async () => {
    const sandbox = sandboxFixture()
    await sandbox.versori('POST', embedded, body)
    expect(sandbox.state.log.records.map((r) => [r.provider, r.role, r.path])).toEqual([
      ['versori', 'platform', embedded],
    ])
  })

  it('answers 404 in Versori’s error format elsewhere', async () => {
    await expectError(
      await sandboxFixture().versori('GET', '/api/embedded/v1/hubs'),
      404,
      'not_found',
      errors.notFound,
    )
  })
})

describe('defaultVersoriData', () => {
  it('uses ULIDs for every id, as Versori does', () => {
    const ulid = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/
    const ids = [
      versoriSandboxOrganisationId,
      ...defaultVersoriData.hubs.flatMap((h) => [h.id, h.organisationId, ...h.connectorIds]),
      ...defaultVersoriData.connectors.flatMap((c) => [c.id, c.organisationId]),
      ...defaultVersoriData.credentials.flatMap((c) => [c.id, c.organisationId]),
    ]
    for (const id of ids) expect(id).toMatch(ulid)
  })
})
