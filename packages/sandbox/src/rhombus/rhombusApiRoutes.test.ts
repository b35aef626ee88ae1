import { describe, expect, it } from 'vitest'
import { sandboxFixture } from '../__tests__/sandboxFixture.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

async function tokenFor(sandbox: ReturnType<typeof sandboxFixture>, partner = false) {
  const code = await sandbox.code('legacy', partner ? 'approve_partner' : 'approve')
  return (await (await sandbox.legacyToken(code)).json()).accessToken as string
}

async function expectError(response: Response, status: number, errorMsg: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toEqual({ error: true, errorMsg })
}

describe('API getUsersInOrg', () => {
  it('lists the standard org with api-oauth-token', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.getUsersInOrg(await tokenFor(sandbox))
    expect(response.status).toBe(200)
    const { users } = await response.json()
    expect(users.map((u: { email: string }) => u.email)).toEqual([
      'ada@sandbox.example',
      'grace@sandbox.example',
    ])
    expect(users[0]).toEqual({
      uuid: expect.any(String),
      email: 'ada@sandbox.example',
      name: 'Ada Lovelace',
    })
  })

  it("lists the partner's own org with partner-api-oauth-token, x-auth-org naming it", async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox, true)
    const response = await sandbox.getUsersInOrg(token, 'partner-api-oauth-token', {
      headers: {
        'content-type': 'application/json',
        'x-auth-scheme': 'partner-api-oauth-token',
        'x-auth-access-token': token,
        'x-auth-org': 'sbxOrgSandboxPartner01',
      },
    })
    expect(response.status).toBe(200)
    const { users } = await response.json()
    expect(users.map((u: { email: string }) => u.email)).toEqual([
      'hedy@partner.sandbox.example',
      'margaret@partner.sandbox.example',
    ])
  })

  it('refuses the scheme of the other kind of account with 401', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.getUsersInOrg(await tokenFor(sandbox), 'partner-api-oauth-token'),
      401,
      errors.standardSchemeRequired,
    )
    await expectError(
      await sandbox.getUsersInOrg(await tokenFor(sandbox, true), 'api-oauth-token'),
      401,
      errors.partnerSchemeRequired,
    )
  })

  it('refuses other schemes, and an access token in x-auth-apikey', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox)
    await expectError(
      await sandbox.getUsersInOrg(token, 'api-token'),
      401,
      errors.unsupportedAuthScheme,
    )
    await expectError(await sandbox.getUsersInOrg(token, 'web2'), 401, errors.unsupportedAuthScheme)
    const apikey = await sandbox.request('/rhombus/api/api/user/getUsersInOrg', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-auth-scheme': 'api-oauth-token',
        'x-auth-apikey': token,
      },
      body: '{}',
    })
    await expectError(apikey, 401, errors.missingAccessToken)
  })

  it('refuses unknown and expired tokens with 401', async () => {
    const sandbox = sandboxFixture({ tokenTtlSeconds: 60 })
    await expectError(await sandbox.getUsersInOrg('at_forged'), 401, errors.invalidAccessToken)
    const token = await tokenFor(sandbox)
    sandbox.advance(59_999)
    expect((await sandbox.getUsersInOrg(token)).status).toBe(200)
    sandbox.advance(1)
    await expectError(await sandbox.getUsersInOrg(token), 401, errors.expiredAccessToken)
  })

  it('wants a JSON object body', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox)
    const headers = { 'x-auth-scheme': 'api-oauth-token', 'x-auth-access-token': token }
    const form = await sandbox.getUsersInOrg(token, 'api-oauth-token', {
      headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    })
    await expectError(form, 415, errors.unsupportedMediaType)
    await expectError(
      await sandbox.getUsersInOrg(token, 'api-oauth-token', { body: '[]' }),
      400,
      errors.invalidBody,
    )
    await expectError(
      await sandbox.getUsersInOrg(token, 'api-oauth-token', { body: '' }),
      400,
      errors.invalidBody,
    )
  })

  it('answers other API paths with 404', async () => {
    const response = await sandboxFixture().request('/rhombus/api/api/user/getUser', {
      method: 'POST',
    })
    await expectError(response, 404, errors.notFound)
  })
})

describe('API partner getClients', () => {
  const getClients = (
    sandbox: ReturnType<typeof sandboxFixture>,
    headers: Record<string, string>,
    body = '{}',
  ) =>
    sandbox.request('/rhombus/api/api/partner/getClients', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    })

  it("lists a partner's client orgs: clientOrgUuid, clientOrgName, clientAccessAllowed", async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox, true)
    const response = await getClients(sandbox, {
      'x-auth-scheme': 'partner-api-oauth-token',
      'x-auth-access-token': token,
    })
    expect(response.status).toBe(200)
    const { clients } = await response.json()
    const client = (clientOrgUuid: string, clientOrgName: string) =>
      expect.objectContaining({ clientOrgUuid, clientOrgName, clientAccessAllowed: true })
    expect(clients).toEqual([
      client('sbxOrgPartnerClientAcme', 'Acme Retail (partner client)'),
      client('sbxOrgPartnerClientBeta', 'Beta Logistics (partner client)'),
      client('sbxOrgPartnerClientCyan', 'Cyan Clinics (partner client)'),
    ])
  })

  it('refuses a standard account (403), a wrong scheme (401) and a body that is not an object (400)', async () => {
    const sandbox = sandboxFixture()
    const standard = await tokenFor(sandbox)
    await expectError(
      await getClients(sandbox, {
        'x-auth-scheme': 'api-oauth-token',
        'x-auth-access-token': standard,
      }),
      403,
      errors.partnerOnly,
    )
    const partner = await tokenFor(sandbox, true)
    await expectError(
      await getClients(sandbox, {
        'x-auth-scheme': 'api-oauth-token',
        'x-auth-access-token': partner,
      }),
      401,
      errors.partnerSchemeRequired,
    )
    await expectError(
      await getClients(
        sandbox,
        { 'x-auth-scheme': 'partner-api-oauth-token', 'x-auth-access-token': partner },
        '[]',
      ),
      400,
      errors.invalidBody,
    )
  })
})

describe('control: revoking access tokens', () => {
  it('POST /__sandbox/rhombus/revoke-access-tokens makes the API answer live tokens 401', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox)
    expect((await sandbox.getUsersInOrg(token)).status).toBe(200)
    const revoked = await sandbox.request('/__sandbox/rhombus/revoke-access-tokens', {
      method: 'POST',
    })
    expect(await revoked.json()).toEqual({ revoked: 1 })
    await expectError(await sandbox.getUsersInOrg(token), 401, errors.invalidAccessToken)
  })
})
