import { describe, expect, it } from 'vitest'
import { sandboxFixture } from '../__tests__/sandboxFixture.js'
import { envoyApiErrors as errors } from './envoyErrorTexts.js'

async function expectError(
  response: Response,
  status: number,
  detail: string,
  challenge?: string | null,
) {
  expect(response.status).toBe(status)
  if (challenge !== undefined) expect(response.headers.get('www-authenticate')).toBe(challenge)
  expect(await response.json()).toEqual({
    errors: [{ status: String(status), title: expect.any(String), detail }],
  })
}

describe('Envoy API GET /v1/locations', () => {
  it('lists the two sandbox locations, JSON:API style, with a Bearer access token', async () => {
    const sandbox = sandboxFixture()
    const { access_token } = await sandbox.envoyTokens()
    const response = await sandbox.envoyLocations(`Bearer ${access_token}`)
    expect(response.status).toBe(200)
    const { data } = await response.json()
    expect(data).toHaveLength(2)
    expect(data[0]).toEqual({
      id: '20001',
      type: 'locations',
      attributes: {
        name: 'Sandbox HQ',
        address: expect.any(String),
        timezone: 'America/Los_Angeles',
      },
      relationships: { company: { data: { id: '10000', type: 'companies' } } },
    })
    expect(data.map((l: { attributes: { name: string } }) => l.attributes.name)).toEqual([
      'Sandbox HQ',
      'Sandbox London',
    ])
  })

  it('takes the scheme name in any letter case', async () => {
    const sandbox = sandboxFixture()
    const { access_token } = await sandbox.envoyTokens()
    expect((await sandbox.envoyLocations(`bearer ${access_token}`)).status).toBe(200)
  })

  it('refuses a request without a token: 401 and a bare Bearer challenge', async () => {
    await expectError(
      await sandboxFixture().envoyLocations(null),
      401,
      errors.missingToken,
      'Bearer realm="envoy-sandbox"',
    )
  })

  it('refuses the token in another scheme or header', async () => {
    const sandbox = sandboxFixture()
    const { access_token } = await sandbox.envoyTokens()
    await expectError(
      await sandbox.envoyLocations(`Token ${access_token}`),
      401,
      errors.missingToken,
    )
    await expectError(await sandbox.envoyLocations(access_token), 401, errors.missingToken)
  })

  it('refuses an unknown token: 401 invalid_token', async () => {
    await expectError(
      await sandboxFixture().envoyLocations('Bearer envoy_at_forged'),
      401,
      errors.invalidToken,
      'Bearer realm="envoy-sandbox", error="invalid_token"',
    )
  })

  it('refuses an expired token: 401', async () => {
    const sandbox = sandboxFixture({ envoyAccessTokenTtlSeconds: 10 })
    const { access_token } = await sandbox.envoyTokens()
    sandbox.advance(10_000)
    await expectError(
      await sandbox.envoyLocations(`Bearer ${access_token}`),
      401,
      errors.expiredToken,
      'Bearer realm="envoy-sandbox", error="invalid_token"',
    )
  })

  it('refuses a token without locations.read: 403 insufficient_scope', async () => {
    const sandbox = sandboxFixture()
    const { access_token } = await sandbox.envoyTokens({ scope: 'companies.read token.refresh' })
    await expectError(
      await sandbox.envoyLocations(`Bearer ${access_token}`),
      403,
      errors.insufficientScope,
      'Bearer realm="envoy-sandbox", error="insufficient_scope", scope="locations.read"',
    )
  })

  it('answers 404 elsewhere on the API host', async () => {
    await expectError(await sandboxFixture().request('/envoy/api/v1/flows'), 404, errors.notFound)
  })
})
