import type { RhombusApiKey } from '@doorway/core'
import {
  type RequestRecord,
  type RhombusMintedApiKeyView,
  rhombusAccounts,
  type Sandbox,
  startSandbox,
} from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffRequest, sessionCookie } from '../__tests__/bffTestKit.js'
import { sandboxBff, signInAtSandbox } from '../__tests__/sandboxSignIn.js'
import type { DoorwayBff } from '../createDoorwayBff.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import { createRhombusApiClient } from './createRhombusApiClient.js'
import { rhombusApiKeys } from './rhombusApiKeys.js'

const kind = 'rhombus-api-key'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const mint = (app: DoorwayBff, cookie: string, displayName: string) =>
  app.request(bffRequest('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName } }))
const list = async (app: DoorwayBff, cookie: string) => {
  const response = await app.request(bffRequest('GET', '/bff/rhombus/api-keys', { cookie }))
  expect(response.status).toBe(200)
  return (await response.json()) as { apiKeys: RhombusApiKey[] }
}
const remove = (app: DoorwayBff, cookie: string, id: string) =>
  app.request(bffRequest('DELETE', `/bff/rhombus/api-keys/${id}`, { cookie }))

/** What the sandbox knows of minted keys (its control route). */
async function sandboxKeys(): Promise<RhombusMintedApiKeyView[]> {
  const response = await fetch(`${sandbox.url}/__sandbox/rhombus/api-keys`)
  return ((await response.json()) as { apiKeys: RhombusMintedApiKeyView[] }).apiKeys
}

/** The sandbox's count of revoked keys (its control route). */
async function revocations(): Promise<{ count: number; tokenUuids: string[] }> {
  return (await fetch(`${sandbox.url}/__sandbox/rhombus/revocations`)).json()
}

const apiRequests = (path: string): RequestRecord[] =>
  sandbox.requests.filter((r) => r.provider === 'rhombus' && r.role === 'api' && r.path === path)

/** The owner and key of a stored record, read from the store as background work would. */
async function stored(store: CredentialStore, id: string) {
  const record = await store.getRecord(kind, id)
  if (record?.ownerId === undefined || record.secrets.apiKey === undefined) {
    throw new Error(`no stored key ${id}`)
  }
  return { ownerId: record.ownerId, apiKey: record.secrets.apiKey, record }
}

const emails = (users: readonly { email: string }[]) => users.map((user) => user.email).sort()

describe.each([
  {
    account: 'standard' as const,
    endpoint: '/api/integrations/org/submitApiTokenApplication',
    scheme: 'api-oauth-token',
    org: undefined,
    users: rhombusAccounts.standard.org.users,
  },
  {
    account: 'partner' as const,
    endpoint: '/api/partner/submitApiTokenApplication',
    scheme: 'partner-api-oauth-token',
    // A partner's key acts for a client org with x-auth-org.
    org: rhombusAccounts.partner.clientOrgs[0]?.uuid,
    users: rhombusAccounts.partner.clientOrgs[0]?.users ?? [],
  },
])('a $account session against the sandbox', ({ account, endpoint, scheme, org, users }) => {
  it(`mints on ${endpoint} with ${scheme}, lists, works with createRhombusApiClient, deletes`, async () => {
    const { app, store } = sandboxBff(sandbox)
    const cookie = await signInAtSandbox(sandbox, app, account)
    sandbox.clearRequests()
    const before = Date.now()

    const minted = await mint(app, cookie, '  Nightly sync  ')
    expect(minted.status).toBe(201)
    const summary = (await minted.json()) as RhombusApiKey
    expect(Object.keys(summary).sort()).toEqual(['createdAt', 'displayName', 'id', 'partner'])
    expect(summary).toMatchObject({ displayName: 'Nightly sync', partner: account === 'partner' })
    expect(summary.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(summary.createdAt).toBeGreaterThanOrEqual(before)
    expect(summary.createdAt).toBeLessThanOrEqual(Date.now())

    // Exactly one minting call, on this account's endpoint, in this account's scheme.
    const mints = sandbox.requests.filter((r) => r.path.endsWith('/submitApiTokenApplication'))
    expect(mints.map((r) => r.path)).toEqual([endpoint])
    const [call] = mints
    expect(call?.method).toBe('POST')
    expect(call?.headers).toMatchObject({
      'x-auth-scheme': scheme,
      'content-type': 'application/json',
      accept: 'application/json',
    })
    expect(call?.headers['x-auth-access-token']).toMatch(/.+/)
    expect(call?.headers['x-auth-apikey']).toBeUndefined()
    // The name at Rhombus is unique to this mint, so that listing finds this very key.
    const { displayName: rhombusDisplayName, ...mintBody } = JSON.parse(call?.body ?? '')
    expect(mintBody).toEqual({ authType: 'API_TOKEN' })
    expect(rhombusDisplayName).toMatch(/^Nightly sync \(Doorway [A-Za-z0-9_-]{8}\)$/)

    // Then one listing, on this account's path, finds its tokenUuid by that name.
    const tokensPath = endpoint.replace('submitApiTokenApplication', 'getApiTokens')
    const listings = sandbox.requests.filter((r) => r.path.endsWith('/getApiTokens'))
    expect(listings.map((r) => [r.method, r.path, r.headers['x-auth-scheme'], r.body])).toEqual([
      ['POST', tokensPath, scheme, '{}'],
    ])
    expect(listings[0]?.headers['x-auth-access-token']).toBe(call?.headers['x-auth-access-token'])

    // The key the sandbox minted is the one stored (encrypted), for the session's user.
    const { ownerId, apiKey, record } = await stored(store, summary.id)
    const atSandbox = (await sandboxKeys()).filter((key) => key.apiKey === apiKey)
    expect(atSandbox).toMatchObject([{ displayName: rhombusDisplayName, accountId: account }])
    expect(record.data).toEqual({
      displayName: 'Nightly sync',
      createdAt: summary.createdAt,
      partner: account === 'partner',
      rhombusDisplayName,
      tokenUuid: atSandbox[0]?.tokenUuid,
    })

    expect(await list(app, cookie)).toEqual({ apiKeys: [summary] })

    // Background work: the stored key calls the API with api-token + x-auth-apikey.
    const keys = rhombusApiKeys({ store, apiUrl: sandbox.rhombus.apiUrl })
    expect(await keys.list(ownerId)).toEqual([summary])
    const rhombus = await keys.client(ownerId, summary.id)
    sandbox.clearRequests()
    const answer = await rhombus.request<{ users: { email: string }[] }>(
      '/user/getUsersInOrg',
      {},
      org === undefined ? {} : { org },
    )
    expect(emails(answer.users)).toEqual(emails(users))
    const [used] = apiRequests('/api/user/getUsersInOrg')
    expect(used?.headers).toMatchObject({ 'x-auth-scheme': 'api-token', 'x-auth-apikey': apiKey })
    expect(used?.headers['x-auth-access-token']).toBeUndefined()
    expect(used?.headers['x-auth-org']).toBe(org)

    sandbox.clearRequests()
    const revocationsBefore = await revocations()
    const deleted = await remove(app, cookie, summary.id)
    expect(deleted.status).toBe(200)
    expect(await deleted.json()).toEqual({ deleted: true })
    // Revoked at Rhombus first: one revokeApiToken {tokenUuid} on this account's path.
    const revokes = sandbox.requests.filter((r) => r.path.endsWith('/revokeApiToken'))
    expect(revokes.map((r) => [r.method, r.path, r.headers['x-auth-scheme'], r.body])).toEqual([
      [
        'POST',
        endpoint.replace('submitApiTokenApplication', 'revokeApiToken'),
        scheme,
        JSON.stringify({ tokenUuid: atSandbox[0]?.tokenUuid }),
      ],
    ])
    expect(revokes[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      accept: 'application/json',
    })
    expect(revokes[0]?.headers['x-auth-apikey']).toBeUndefined()
    expect((await revocations()).count).toBe(revocationsBefore.count + 1)
    expect(await list(app, cookie)).toEqual({ apiKeys: [] })
    expect(await store.listRecords(kind, ownerId)).toEqual([])
    await expect(keys.client(ownerId, summary.id)).rejects.toMatchObject({ code: 'not_found' })
    expect((await remove(app, cookie, summary.id)).status).toBe(404)
    // Revoked at Rhombus: the key no longer authenticates there.
    expect((await sandboxKeys()).some((key) => key.apiKey === apiKey)).toBe(false)
    const dead = createRhombusApiClient({ apiKey, apiUrl: sandbox.rhombus.apiUrl })
    await expect(dead.request('/user/getUsersInOrg')).rejects.toMatchObject({
      code: 'upstream_error',
    })
  })
})

describe('ownership', () => {
  it("one user can neither list nor delete another user's key", async () => {
    const { app, store } = sandboxBff(sandbox)
    const ada = await signInAtSandbox(sandbox, app, 'standard')
    const other = await signInAtSandbox(sandbox, app, 'partner')

    const adaKey = (await (await mint(app, ada, 'Ada job')).json()) as RhombusApiKey
    const otherKey = (await (await mint(app, other, 'Other job')).json()) as RhombusApiKey
    const adaOwner = (await stored(store, adaKey.id)).ownerId
    const otherOwner = (await stored(store, otherKey.id)).ownerId
    // Two accounts (the sandbox's tokens name their user in `sub`): two Doorway users.
    expect(adaOwner).not.toBe(otherOwner)

    expect(await list(app, ada)).toEqual({ apiKeys: [adaKey] })
    expect(await list(app, other)).toEqual({ apiKeys: [otherKey] })

    for (const [cookie, id] of [
      [other, adaKey.id],
      [ada, otherKey.id],
    ] as const) {
      const response = await remove(app, cookie, id)
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ code: 'not_found' })
    }
    expect(await list(app, ada)).toEqual({ apiKeys: [adaKey] })
    expect(await list(app, other)).toEqual({ apiKeys: [otherKey] })
    expect(await store.getRecord(kind, adaKey.id)).toBeDefined()
    expect(await store.getRecord(kind, otherKey.id)).toBeDefined()

    const keys = rhombusApiKeys({ store, apiUrl: sandbox.rhombus.apiUrl })
    await expect(keys.client(otherOwner, adaKey.id)).rejects.toMatchObject({ code: 'not_found' })
    expect(await keys.list(otherOwner)).toEqual([otherKey])
  })

  it("the same user signing in again finds their keys (the owner is the token's sub)", async () => {
    const { app } = sandboxBff(sandbox)
    const first = await signInAtSandbox(sandbox, app, 'standard')
    const key = (await (await mint(app, first, 'Kept')).json()) as RhombusApiKey
    const again = await signInAtSandbox(sandbox, app, 'standard')
    expect(again).not.toBe(first)
    expect((await list(app, again)).apiKeys).toContainEqual(key)
  })

  it('lists oldest first', async () => {
    const { app } = sandboxBff(sandbox)
    const cookie = await signInAtSandbox(sandbox, app, 'standard')
    const names = ['first', 'second', 'third']
    for (const name of names) {
      // Keys minted within one millisecond have no set order: start each in a new one.
      const started = Date.now()
      await expect.poll(() => Date.now()).toBeGreaterThan(started)
      expect((await mint(app, cookie, name)).status).toBe(201)
    }
    const { apiKeys } = await list(app, cookie)
    expect(apiKeys.map((key) => key.displayName)).toEqual(names)
  })
})

describe('a partner session the BFF holds as standard (its record says so)', () => {
  /**
   * The sandbox partner's session with its record marked standard: the sign-in confirms
   * the account with getOrgV2 and getClientsV2, so only a record written otherwise (before
   * that, or by hand) can say so. Minting still learns it, as the Rhombus CLI does.
   */
  async function unrecognisedPartner(app: DoorwayBff, store: CredentialStore) {
    const userId = rhombusAccounts.partner.user.uuid
    await signInAtSandbox(sandbox, app, 'partner')
    const [signedIn] = await store.listRecords('session', userId)
    const accessToken = signedIn?.secrets.accessToken
    if (accessToken === undefined) throw new Error('no stored partner session')
    const cookie = await sessionCookie(store, userId, { isPartner: false, accessToken, org: null })
    const session = await (await app.request(bffRequest('GET', '/bff/session', { cookie }))).json()
    expect(session.isPartner).toBe(false)
    return cookie
  }

  it('minting learns it as the Rhombus CLI does (403, then the partner endpoint) and the session becomes partner', async () => {
    const { app, store } = sandboxBff(sandbox)
    const cookie = await unrecognisedPartner(app, store)
    sandbox.clearRequests()
    const response = await mint(app, cookie, 'Learned')
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ displayName: 'Learned', partner: true })
    expect(
      sandbox.requests
        .filter((r) => r.path.endsWith('/submitApiTokenApplication'))
        .map((r) => [r.path, r.headers['x-auth-scheme']]),
    ).toEqual([
      ['/api/integrations/org/submitApiTokenApplication', 'api-oauth-token'],
      ['/api/partner/submitApiTokenApplication', 'partner-api-oauth-token'],
    ])
    // Minted once, for the partner.
    expect(
      (await sandboxKeys()).filter((k) => k.displayName.startsWith('Learned (Doorway ')),
    ).toMatchObject([{ accountId: 'partner' }])
    // The session record learns it: the same cookie now opens a partner session.
    expect(response.headers.get('set-cookie')).toBeNull()
    const session = await (await app.request(bffRequest('GET', '/bff/session', { cookie }))).json()
    expect(session).toMatchObject({ authenticated: true, isPartner: true })
    // The proxy now calls as the partner.
    const proxied = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { cookie, body: {} }),
    )
    expect(proxied.status).toBe(200)
    expect(apiRequests('/api/user/getUsersInOrg').at(-1)?.headers['x-auth-scheme']).toBe(
      'partner-api-oauth-token',
    )
  })

  it('an app without partner support does not try the partner endpoint: the 403 stands, nothing stored', async () => {
    const first = sandboxBff(sandbox)
    const cookie = await unrecognisedPartner(first.app, first.store)
    // The same session secret and store: the session is good at a BFF without partner support.
    const strict = sandboxBff(sandbox, { store: first.store, rhombus: { supportsPartners: false } })
    sandbox.clearRequests()
    const response = await mint(strict.app, cookie, 'Refused')
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ code: 'upstream_error' })
    expect(
      sandbox.requests.filter((r) => r.path.endsWith('/submitApiTokenApplication')),
    ).toHaveLength(1)
    expect(await strict.store.listRecords(kind, rhombusAccounts.partner.user.uuid)).toEqual([])
    expect(response.headers.get('set-cookie')).toBeNull()
    const session = await (
      await strict.app.request(bffRequest('GET', '/bff/session', { cookie }))
    ).json()
    expect(session).toMatchObject({ authenticated: true, isPartner: false })
  })
})
