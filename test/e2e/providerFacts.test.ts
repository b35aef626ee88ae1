// Issue 13, "What it must show": the provider facts of December in Chromium against the
// sandbox (partner clients, API-key revocation, Envoy through Rhombus end to end, another
// organisation refused, Versori on documented routes only).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { type RunningDemo, startDemo } from '../support/demo.js'
import { decide, signIn, usersList } from '../support/flows.js'

let browser: Browser
let demo: RunningDemo
let context: BrowserContext
let page: Page
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

/** A demo (and sandbox) of its own for each describe, a fresh browser context per test. */
function withDemo() {
  beforeAll(async () => {
    demo = await startDemo()
  })
  afterAll(async () => {
    await demo?.close()
  })
  beforeEach(async () => {
    context = await browser.newContext()
    page = await context.newPage()
    demo.sandbox.clearRequests()
  })
  afterEach(async () => {
    await context?.close()
  })
}

const envoy = (p: Page) => p.getByRole('region', { name: 'Envoy' })
const connectButton = (p: Page) => envoy(p).getByRole('button', { name: 'Connect Envoy' })
const disconnectButton = (p: Page) => envoy(p).getByRole('button', { name: 'Disconnect Envoy' })
const connected = (p: Page) => envoy(p).getByText(/^Connected \(/)
const locations = (p: Page) => envoy(p).getByRole('list', { name: 'Envoy locations' })

/** Signs in with the sandbox console's `decision` and waits for the organisation's users. */
async function signedIn(p: Page, decision = 'Approve') {
  await signIn(p, demo, decision)
  await expect.poll(() => usersList(p).count()).toBe(1)
}

/** Picks the way, clicks Connect and approves in the sandbox's popup. */
async function connectEnvoy(p: Page, way: 'Through Rhombus' | 'Through Versori') {
  await envoy(p).getByLabel(way).check()
  const [popup] = await Promise.all([p.waitForEvent('popup'), connectButton(p).click()])
  await popup.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
  await Promise.all([popup.waitForEvent('close'), decide(popup, 'Approve')])
  await expect.poll(() => connected(p).count()).toBe(1)
}

/** A call from the page as the Doorway client sends it (CSRF header, JSON body if any). */
function fromPage(p: Page, method: string, path: string, body?: unknown) {
  return p.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-doorway-csrf': '1' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await response.text()
      return { status: response.status, json: text ? JSON.parse(text) : null }
    },
    { method, path, body },
  )
}

/** Rhombus's getUsersInOrg called directly at the sandbox with an API key. */
const usersInOrgWithKey = (apiKey: string) =>
  fetch(`${demo.sandbox.rhombus.apiUrl}/api/user/getUsersInOrg`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': apiKey,
    },
    body: '{}',
  }).then((response) => response.status)

describe('a partner picks a client org from the typed list, in Chromium against the sandbox', () => {
  withDemo()

  it('the picker lists GET /bff/rhombus/partner/clients, and acting for one sends x-auth-org', async () => {
    const listed: string[] = []
    page.on('request', (request) => listed.push(new URL(request.url()).pathname))
    await signIn(page, demo, 'Approve as partner')
    await expect.poll(() => page.getByText('Partner account').count()).toBe(1)
    const picker = page.getByLabel('Acting for')
    await expect.poll(() => picker.isEnabled()).toBe(true)

    // The typed route, not the proxy: the BFF read getClientsV2 with the partner scheme.
    expect(listed).toContain('/bff/rhombus/partner/clients')
    expect(listed).not.toContain('/bff/rhombus/api/partner/getClientsV2')
    const read = demo.sandbox.requests.find((r) => r.path === '/api/partner/getClientsV2')
    expect(read?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')

    // Each option is one client of the answer, disabled exactly when access is not allowed.
    const { status, json } = await fromPage(page, 'GET', '/bff/rhombus/partner/clients')
    expect(status).toBe(200)
    const clients = json.clients as Array<{
      clientOrgUuid: string
      clientOrgName: string
      clientAccessAllowed: boolean
    }>
    expect(clients.length).toBeGreaterThan(0)
    const options = await picker
      .locator('option')
      .evaluateAll((all) =>
        (all as HTMLOptionElement[]).map((o) => ({ value: o.value, disabled: o.disabled })),
      )
    expect(options).toEqual([
      { value: '', disabled: false },
      ...clients.map((c) => ({ value: c.clientOrgUuid, disabled: !c.clientAccessAllowed })),
    ])

    const client = clients.find((c) => c.clientAccessAllowed)!
    demo.sandbox.clearRequests()
    await picker.selectOption(client.clientOrgUuid)
    await expect
      .poll(() => page.getByRole('list', { name: 'Users in the client organisation' }).count())
      .toBe(1)
    const call = demo.sandbox.requests.findLast((r) => r.path === '/api/user/getUsersInOrg')
    expect(call?.headers['x-auth-org']).toBe(client.clientOrgUuid)
    expect(call?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')
    expect(call?.headers['x-doorway-org']).toBeUndefined()
  })
})

describe('a minted key deleted in the UI is revoked at Rhombus, in Chromium against the sandbox', () => {
  withDemo()

  it('Delete calls revokeApiToken (counted at the sandbox) and the key no longer authenticates', async () => {
    await signedIn(page)
    const keys = page.getByRole('list', { name: 'API keys' })
    await page.getByLabel('Key name').fill('Revoke me')
    await page.getByRole('button', { name: 'Create API key' }).click()
    await expect.poll(() => keys.textContent()).toContain('Revoke me')

    // The key itself only the sandbox's control route shows (never the browser).
    const answer = await fetch(`${demo.sandbox.url}/__sandbox/rhombus/api-keys`)
    const { apiKeys } = (await answer.json()) as {
      apiKeys: Array<{ apiKey: string; tokenUuid: string; displayName: string }>
    }
    const minted = apiKeys.filter((k) => k.displayName.startsWith('Revoke me (Doorway '))
    expect(minted).toHaveLength(1)
    const { apiKey, tokenUuid } = minted[0]!
    expect(await usersInOrgWithKey(apiKey)).toBe(200)
    const before = demo.sandbox.rhombusRevocations()

    await page.getByRole('button', { name: 'Delete Revoke me' }).click()
    await expect.poll(() => page.getByText('No API keys yet.').count()).toBe(1)
    expect(await page.getByRole('alert').count()).toBe(0)

    const after = demo.sandbox.rhombusRevocations()
    expect(after.count).toBe(before.count + 1)
    expect(after.tokenUuids.at(-1)).toBe(tokenUuid)
    const revoke = demo.sandbox.requests.find((r) => r.path.endsWith('/revokeApiToken'))
    expect(JSON.parse(revoke?.body ?? '{}')).toEqual({ tokenUuid })
    expect(await usersInOrgWithKey(apiKey)).toBe(401)
    await page.reload()
    await expect.poll(() => page.getByText('No API keys yet.').count()).toBe(1)
  })
})

describe('Envoy through Rhombus end to end, in Chromium against the sandbox', () => {
  withDemo()

  it('connects, shows its locations, reloads as connected, and disconnects', async () => {
    await signedIn(page)
    await connectEnvoy(page, 'Through Rhombus')
    await expect.poll(() => locations(page).textContent()).toContain('Sandbox HQ')
    const read = demo.sandbox.requests.find((r) => r.path.endsWith('/getEnvoyLocations'))
    expect(read?.headers['x-auth-scheme']).toBe('api-token')

    await page.reload()
    await envoy(page).getByLabel('Through Rhombus').check()
    await expect.poll(() => connected(page).count()).toBe(1)
    await expect.poll(() => locations(page).textContent()).toContain('Sandbox HQ')
    expect(
      await fromPage(page, 'GET', '/bff/envoy/connection?via=rhombus').then((r) => r.json.status),
    ).toBe('connected')

    await disconnectButton(page).click()
    await expect.poll(() => connectButton(page).count()).toBe(1)
    await expect.poll(() => locations(page).count()).toBe(0)
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(demo.sandbox.requests.some((r) => r.path.endsWith('/deleteEnvoyIntegrationV2'))).toBe(
      true,
    )
    await page.reload()
    await envoy(page).getByLabel('Through Rhombus').check()
    await expect.poll(() => connectButton(page).count()).toBe(1)
    const after = await fromPage(page, 'GET', '/bff/envoy/connection?via=rhombus')
    expect(after.json.status).toBe('disconnected')
  })
})

describe('a user of another organisation, in Chromium against the sandbox', () => {
  withDemo()

  it('gets 403 forbidden on every Rhombus-integration route, and nothing reaches the integration', async () => {
    // The key's organisation has the integration connected, so there is something to refuse.
    await signedIn(page)
    await connectEnvoy(page, 'Through Rhombus')
    await context.close()
    context = await browser.newContext()
    page = await context.newPage()

    await signedIn(page, 'Approve as other org')
    demo.sandbox.clearRequests()
    const routes = [
      ['GET', '/bff/envoy/connection?via=rhombus'],
      ['GET', '/bff/envoy/rhombus/locations'],
      ['POST', '/bff/envoy/rhombus/initiate', { returnTo: '/' }],
      ['POST', '/bff/envoy/disconnect', { via: 'rhombus' }],
    ] as const
    const answers = []
    for (const [method, path, body] of routes) {
      const { status, json } = await fromPage(page, method, path, body)
      answers.push([method, path, status, json?.code])
    }
    expect(answers).toEqual(routes.map(([method, path]) => [method, path, 403, 'forbidden']))
    const integration = /getEnvoyIntegration|getEnvoyLocations|initiateEnvoyOAuth|deleteEnvoy/
    expect(demo.sandbox.requests.filter((r) => integration.test(r.path))).toEqual([])

    // The key's organisation is still connected.
    const own = await browser.newContext()
    try {
      const mine = await own.newPage()
      await signedIn(mine)
      const status = await fromPage(mine, 'GET', '/bff/envoy/connection?via=rhombus')
      expect(status.json.status).toBe('connected')
    } finally {
      await own.close()
    }
  })
})

describe('Versori on documented routes only, in Chromium against the sandbox', () => {
  withDemo()

  it('connects and disconnects with no undocumented route called', async () => {
    expect(demo.sandbox.versoriViolations().count).toBe(0)
    await signedIn(page)
    await connectEnvoy(page, 'Through Versori')
    await disconnectButton(page).click()
    await expect.poll(() => connectButton(page).count()).toBe(1)
    expect(await page.getByRole('alert').count()).toBe(0)

    const versori = demo.sandbox.requests.filter((r) => r.provider === 'versori')
    // Disconnect is DeleteEndUser (DELETE /hubs/{hub_id}/users/{user_id}).
    const deletes = versori.filter((r) => r.method === 'DELETE').map((r) => r.path)
    expect(deletes).toHaveLength(1)
    expect(deletes[0]).toMatch(/\/hubs\/[^/]+\/users\/[^/]+$/)
    expect(demo.sandbox.versoriViolations()).toEqual({ count: 0, violations: [] })
    const stored = await fetch(`${demo.sandbox.url}/__sandbox/versori/violations`)
    expect(await stored.json()).toEqual({ count: 0, violations: [] })
  })
})
