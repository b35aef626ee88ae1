import { type RhombusDecision, rhombusAccounts, type Sandbox, startSandbox } from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffRequest, cookieOf } from '../__tests__/bffTestKit.js'
import { authorizeAtSandbox, exchangeAtBff, sandboxBff } from '../__tests__/sandboxSignIn.js'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const bff = (supportsPartners = true) => sandboxBff(sandbox, { rhombus: { supportsPartners } })
const authorize = (decision: RhombusDecision) => authorizeAtSandbox(sandbox, decision)
const exchange = exchangeAtBff

const usersOf = (org: { users: readonly { email: string }[] }) =>
  org.users.map((user) => user.email).sort()

describe('partner accounts against the sandbox (oauth2 dialect)', () => {
  it('a partner sign-in is learned from Rhombus (getOrgV2 403, then getClientsV2), and acts for a client org through the proxy', async () => {
    const { app } = bff()
    const code = await authorize('approve_partner')
    sandbox.clearRequests()
    const response = await exchange(app, code)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      authenticated: true,
      isPartner: true,
      org: { uuid: rhombusAccounts.partner.org.uuid },
    })
    const api = (r: { role: string }) => r.role === 'api'
    expect(sandbox.requests.filter(api).map((r) => [r.path, r.headers['x-auth-scheme']])).toEqual([
      ['/api/org/getOrgV2', 'api-oauth-token'],
      ['/api/partner/getClientsV2', 'partner-api-oauth-token'],
      ['/api/org/getOrgV2', 'partner-api-oauth-token'],
    ])
    // Learning it never mints a key.
    expect(
      sandbox.requests.some((r: { path: string }) => r.path.includes('submitApiTokenApplication')),
    ).toBe(false)
    const cookie = cookieOf(response)

    // The typed list of client orgs (getClientsV2 in its documented shape), then act for one.
    const listed = await app.request(bffRequest('GET', '/bff/rhombus/partner/clients', { cookie }))
    expect(listed.status).toBe(200)
    const { clients } = (await listed.json()) as {
      clients: { clientOrgUuid: string; clientOrgName: string; clientAccessAllowed: boolean }[]
    }
    expect(clients).toEqual(
      rhombusAccounts.partner.clientOrgs.map((org) => ({
        clientOrgUuid: org.uuid,
        clientOrgName: org.name,
        clientAccessAllowed: true,
      })),
    )
    const client = rhombusAccounts.partner.clientOrgs.find(
      (org) => org.uuid === clients[0]?.clientOrgUuid,
    )
    if (client === undefined) throw new Error('the sandbox partner has no client org')
    sandbox.clearRequests()
    const users = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie,
        headers: { 'x-doorway-org': client.uuid },
      }),
    )
    expect(users.status).toBe(200)
    const body = (await users.json()) as { users: { email: string }[] }
    expect(body.users.map((user) => user.email).sort()).toEqual(usersOf(client))
    const proxied = sandbox.requests.filter(
      (r: { path: string }) => r.path === '/api/user/getUsersInOrg',
    )
    expect(
      proxied.map((r: { headers: Record<string, string> }) => r.headers['x-auth-org']),
    ).toEqual([client.uuid])

    const own = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(
      ((await own.json()) as { users: { email: string }[] }).users.map((u) => u.email).sort(),
    ).toEqual(usersOf(rhombusAccounts.partner.org))

    const unknown = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie,
        headers: { 'x-doorway-org': 'sbxOrgNotAClientOfMine' },
      }),
    )
    expect(unknown.status).toBe(403)
  })

  it('a standard sign-in stays standard, confirmed by one getOrgV2 call that names its org', async () => {
    const { app } = bff()
    const code = await authorize('approve')
    sandbox.clearRequests()
    const response = await exchange(app, code)
    expect(await response.json()).toMatchObject({
      authenticated: true,
      isPartner: false,
      org: { uuid: rhombusAccounts.standard.org.uuid },
    })
    expect(
      sandbox.requests
        .filter((r) => r.role === 'api')
        .map((r) => [r.path, r.headers['x-auth-scheme']]),
    ).toEqual([['/api/org/getOrgV2', 'api-oauth-token']])
  })

  it('with supportsPartners false a partner sign-in is 403 partner_not_supported, no cookie', async () => {
    const { app } = bff(false)
    const response = await exchange(app, await authorize('approve_partner'))
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await response.json()).toMatchObject({ code: 'partner_not_supported' })
  })
})
