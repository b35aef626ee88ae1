import { describe, expect, it } from 'vitest'
import {
  rhombusApiKey,
  sandboxFixture,
  subjectOf,
  tokenHeaders,
} from '../__tests__/sandboxFixture.js'
import { type RhombusAccountId, rhombusAccounts } from './rhombusAccounts.js'
import { rhombusApproveDecisions } from './rhombusConsoleRoutes.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

type Sandbox = ReturnType<typeof sandboxFixture>

const ok = { error: false, errorMsg: null, warningMsg: null }
const apiKeyHeaders = { 'x-auth-scheme': 'api-token', 'x-auth-apikey': rhombusApiKey }
const partnerScheme = 'partner-api-oauth-token'

async function tokenOf(sandbox: Sandbox, account: RhombusAccountId) {
  return (await sandbox.oauth2Tokens(rhombusApproveDecisions[account])).access_token
}

async function expectError(response: Response, status: number, errorMsg: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toEqual({ error: true, errorMsg })
}

describe('the sandbox accounts', () => {
  it.each([
    ['standard', 'sbxUsrAdaLovelace00001', 'sbxOrgSandboxStandard1', 'Sandbox Org'],
    ['member', 'sbxUsrGraceHopper00001', 'sbxOrgSandboxStandard1', 'Sandbox Org'],
    ['other', 'sbxUsrAnnieEasley00001', 'sbxOrgSandboxSecond001', 'Second Org'],
    ['partner', 'sbxUsrHedyLamarr000001', 'sbxOrgSandboxPartner01', 'Sandbox Partner MSP'],
  ] as const)('%s is user %s of %s (%s)', async (account, userUuid, orgUuid, orgName) => {
    expect(rhombusAccounts[account].user.uuid).toBe(userUuid)
    expect(rhombusAccounts[account].org).toMatchObject({ uuid: orgUuid, name: orgName })
    expect(rhombusAccounts[account].org.users.map((u) => u.uuid)).toContain(userUuid)
    const sandbox = sandboxFixture()
    expect(subjectOf(await tokenOf(sandbox, account))).toBe(userUuid)
  })

  it("getUsersInOrg lists the caller's org's users", async () => {
    const sandbox = sandboxFixture()
    const emails = async (account: RhombusAccountId) => {
      const response = await sandbox.getUsersInOrg(await tokenOf(sandbox, account))
      return ((await response.json()).users as { email: string }[]).map((u) => u.email)
    }
    const sandboxOrg = ['ada@sandbox.example', 'grace@sandbox.example']
    expect(await emails('standard')).toEqual(sandboxOrg)
    expect(await emails('member')).toEqual(sandboxOrg)
    expect(await emails('other')).toEqual([
      'annie@second.sandbox.example',
      'mary@second.sandbox.example',
    ])
  })
})

describe('API getOrgV2', () => {
  it.each([
    ['standard', 'sbxOrgSandboxStandard1', 'Sandbox Org'],
    ['member', 'sbxOrgSandboxStandard1', 'Sandbox Org'],
    ['other', 'sbxOrgSandboxSecond001', 'Second Org'],
  ] as const)("answers %s's org with api-oauth-token", async (account, uuid, name) => {
    const sandbox = sandboxFixture()
    const response = await sandbox.rhombusApi(
      '/api/org/getOrgV2',
      tokenHeaders(await tokenOf(sandbox, account)),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ...ok, org: { uuid, name } })
  })

  it('answers a partner token 403 with api-oauth-token (how clients detect partners)', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenOf(sandbox, 'partner')
    await expectError(
      await sandbox.rhombusApi('/api/org/getOrgV2', tokenHeaders(token)),
      403,
      errors.partnerOrgWithStandardScheme,
    )
  })

  it('answers a partner its own org with partner-api-oauth-token, or the client org of x-auth-org', async () => {
    const sandbox = sandboxFixture()
    const headers = tokenHeaders(await tokenOf(sandbox, 'partner'), partnerScheme)
    const own = await sandbox.rhombusApi('/api/org/getOrgV2', headers)
    expect((await own.json()).org).toEqual({
      uuid: 'sbxOrgSandboxPartner01',
      name: 'Sandbox Partner MSP',
    })
    const acme = rhombusAccounts.partner.clientOrgs[0]!
    const client = await sandbox.rhombusApi('/api/org/getOrgV2', {
      ...headers,
      'x-auth-org': acme.uuid,
    })
    expect(await client.json()).toEqual({ ...ok, org: { uuid: acme.uuid, name: acme.name } })
    await expectError(
      await sandbox.rhombusApi('/api/org/getOrgV2', {
        ...headers,
        'x-auth-org': 'sbxOrgSandboxStandard1',
      }),
      403,
      errors.unknownClientOrg,
    )
  })

  it("answers the API key's org with api-token", async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.rhombusApi('/api/org/getOrgV2', apiKeyHeaders)
    expect(await response.json()).toEqual({
      ...ok,
      org: { uuid: 'sbxOrgSandboxStandard1', name: 'Sandbox Org' },
    })
  })

  it('refuses a standard token with the partner scheme, bad tokens and bodies', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenOf(sandbox, 'standard')
    await expectError(
      await sandbox.rhombusApi('/api/org/getOrgV2', tokenHeaders(token, partnerScheme)),
      401,
      errors.standardSchemeRequired,
    )
    await expectError(
      await sandbox.rhombusApi('/api/org/getOrgV2', tokenHeaders('nope')),
      401,
      errors.invalidAccessToken,
    )
    await expectError(
      await sandbox.rhombusApi('/api/org/getOrgV2', tokenHeaders(token), '[]'),
      400,
      errors.invalidBody,
    )
    const form = await sandbox.request('/rhombus/api/api/org/getOrgV2', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...tokenHeaders(token) },
      body: '{}',
    })
    await expectError(form, 415, errors.unsupportedMediaType)
  })
})

describe('API getClientsV2', () => {
  it("lists a partner's client orgs with partner-api-oauth-token", async () => {
    const sandbox = sandboxFixture()
    const headers = tokenHeaders(await tokenOf(sandbox, 'partner'), partnerScheme)
    const response = await sandbox.rhombusApi('/api/partner/getClientsV2', headers)
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject(ok)
    expect(body.clients).toEqual(
      rhombusAccounts.partner.clientOrgs.map((org) => ({
        clientOrgUuid: org.uuid,
        clientOrgName: org.name,
        clientAccessAllowed: true,
        authorityUuid: 'sbxOrgSandboxPartner01',
        createdAtMillis: expect.any(Number),
      })),
    )
    expect(body.clients).toHaveLength(3)
  })

  it('answers a standard account 403, with either scheme or an API key', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenOf(sandbox, 'standard')
    for (const headers of [
      tokenHeaders(token),
      tokenHeaders(token, partnerScheme),
      apiKeyHeaders,
    ]) {
      await expectError(
        await sandbox.rhombusApi('/api/partner/getClientsV2', headers),
        403,
        errors.partnerOnlyV2,
      )
    }
  })

  it('wants the partner scheme from a partner token', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.rhombusApi(
        '/api/partner/getClientsV2',
        tokenHeaders(await tokenOf(sandbox, 'partner')),
      ),
      401,
      errors.partnerSchemeRequired,
    )
  })

  it("answers getClients in the documented shape: V2's fields and clientAccountAccessUrl", async () => {
    const sandbox = sandboxFixture()
    const headers = tokenHeaders(await tokenOf(sandbox, 'partner'), partnerScheme)
    const v2 = await (await sandbox.rhombusApi('/api/partner/getClientsV2', headers)).json()
    const response = await sandbox.rhombusApi('/api/partner/getClients', headers)
    expect(await response.json()).toEqual({
      ...ok,
      clients: v2.clients.map((client: { clientOrgUuid: string }) => ({
        ...client,
        clientAccountAccessUrl: `http://sandbox.test/rhombus/console/org/${client.clientOrgUuid}`,
      })),
    })
  })
})

describe('API getPermissionsForCurrentUser', () => {
  it.each([
    ['standard', true, 'Super Admin'],
    ['member', false, 'Member'],
    ['other', true, 'Super Admin'],
  ] as const)('answers %s: superAdmin %s', async (account, superAdmin, permissionGroupName) => {
    const sandbox = sandboxFixture()
    const response = await sandbox.rhombusApi(
      '/api/permission/getPermissionsForCurrentUser',
      tokenHeaders(await tokenOf(sandbox, account)),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ...ok, superAdmin, permissionGroupName })
  })

  it('answers a partner with its scheme, and the API key as its account', async () => {
    const sandbox = sandboxFixture()
    const partner = await sandbox.rhombusApi(
      '/api/permission/getPermissionsForCurrentUser',
      tokenHeaders(await tokenOf(sandbox, 'partner'), partnerScheme),
    )
    expect(await partner.json()).toMatchObject({ superAdmin: true })
    const key = await sandbox.rhombusApi(
      '/api/permission/getPermissionsForCurrentUser',
      apiKeyHeaders,
    )
    expect(await key.json()).toEqual({
      ...ok,
      superAdmin: true,
      permissionGroupName: 'Super Admin',
    })
  })

  it("answers a member's minted API key as the member", async () => {
    const sandbox = sandboxFixture()
    const member = await tokenOf(sandbox, 'member')
    const minted = await sandbox.rhombusApi(
      '/api/integrations/org/submitApiTokenApplication',
      tokenHeaders(member),
      JSON.stringify({ displayName: 'member key', authType: 'API_TOKEN' }),
    )
    const { apiKey } = await minted.json()
    const response = await sandbox.rhombusApi('/api/permission/getPermissionsForCurrentUser', {
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': apiKey,
    })
    expect(await response.json()).toMatchObject({
      superAdmin: false,
      permissionGroupName: 'Member',
    })
  })

  it('refuses the wrong scheme with 401', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await sandbox.rhombusApi(
        '/api/permission/getPermissionsForCurrentUser',
        tokenHeaders(await tokenOf(sandbox, 'partner')),
      ),
      401,
      errors.partnerSchemeRequired,
    )
  })
})
