import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { type RunningDemo, startDemo } from '../support/demo.js'
import { decide, signIn, usersList } from '../support/flows.js'

let browser: Browser
let demo: RunningDemo
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

// Rhombus's Envoy integration is org-wide in the sandbox: every group gets its own.
/**
 * A demo (and sandbox) of its own for the describe, or for each test: the sandbox's
 * accounts are the same users at every sign-in, so what one test connects the next sees.
 */
function withFreshDemo(per: 'describe' | 'test' = 'describe') {
  const [before, after] = per === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll]
  before(async () => {
    demo = await startDemo()
  })
  after(async () => {
    await demo?.close()
  })
}

const routes = {
  direct: 'Direct',
  rhombus: 'Through Rhombus',
  versori: 'Through Versori',
} as const
type Via = keyof typeof routes

const envoy = (page: Page) => page.getByRole('region', { name: 'Envoy' })
const connectButton = (page: Page) => envoy(page).getByRole('button', { name: 'Connect Envoy' })
const disconnectButton = (page: Page) =>
  envoy(page).getByRole('button', { name: 'Disconnect Envoy' })
const locations = (page: Page) => envoy(page).getByRole('list', { name: 'Envoy locations' })

const envoyTokenRequests = (grant: string) =>
  demo.sandbox.requests.filter(
    (r) => r.provider === 'envoy' && r.path === '/a/auth/v0/token' && r.body.includes(grant),
  ).length

/** Signs in, picks the route and clicks Connect; resolves with the popup it opened. */
async function startConnect(page: Page, via: Via): Promise<Page> {
  await signIn(page, demo)
  await expect.poll(() => usersList(page).count()).toBe(1)
  await envoy(page).getByLabel(routes[via]).check()
  const [popup] = await Promise.all([page.waitForEvent('popup'), connectButton(page).click()])
  await popup.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
  return popup
}

const connected = (page: Page) => envoy(page).getByText(/^Connected \(/)

async function connect(page: Page, via: Via) {
  const popup = await startConnect(page, via)
  await Promise.all([popup.waitForEvent('close'), decide(popup, 'Approve')])
  await expect.poll(() => connected(page).count()).toBe(1)
}

for (const via of Object.keys(routes) as Via[]) {
  describe(`Connect Envoy ${routes[via].toLowerCase()}, in Chromium against the sandbox`, () => {
    withFreshDemo()
    let context: BrowserContext
    let page: Page
    beforeEach(async () => {
      await context?.close()
      context = await browser.newContext()
      page = await context.newPage()
      demo.sandbox.clearRequests()
    })

    it('Deny leaves Envoy disconnected and shows access_denied', async () => {
      const popup = await startConnect(page, via)
      await Promise.all([popup.waitForEvent('close'), decide(popup, 'Deny')])
      await expect
        .poll(() => envoy(page).getByRole('alert').textContent())
        .toContain('access_denied')
      await expect.poll(() => connectButton(page).count()).toBe(1)
    })

    it('closing the popup ends the attempt with popup_closed', async () => {
      const popup = await startConnect(page, via)
      await popup.close()
      await expect
        .poll(() => envoy(page).getByRole('alert').textContent())
        .toContain('popup_closed')
      await expect.poll(() => connectButton(page).isEnabled()).toBe(true)
    })

    it('connects, stays connected across a reload and a new tab, calls the API, disconnects', async () => {
      await connect(page, via)
      if (via === 'direct') {
        // Envoy's API through the BFF proxy; with the other routes Rhombus or Versori
        // hold the tokens, and the BFF reads the connection's status from them instead.
        await expect.poll(() => locations(page).textContent()).toContain('Sandbox HQ')
        await expect.poll(() => envoy(page).textContent()).toContain('10000')
        const apiCall = demo.sandbox.requests.find(
          (r) => r.provider === 'envoy' && r.path === '/v1/locations',
        )
        expect(apiCall?.headers.authorization).toMatch(/^Bearer /)
        expect(apiCall?.headers.cookie).toBeUndefined()
      } else if (via === 'rhombus') {
        // The BFF reads the connection from Rhombus with the server's API key.
        const read = demo.sandbox.requests.find((r) => r.path.endsWith('/getEnvoyIntegration'))
        expect(read?.headers['x-auth-scheme']).toBe('api-token')
        expect(read?.headers['x-auth-apikey']).toBe('sandbox-api-key')
      } else {
        // The BFF reads the end user's connections from Versori with its bearer token.
        const read = demo.sandbox.requests.find(
          (r) => r.provider === 'versori' && r.method === 'GET' && r.path.endsWith('/connections'),
        )
        expect(read?.headers.authorization).toBe('Bearer sandbox-versori-token')
      }

      await page.reload()
      await envoy(page).getByLabel(routes[via]).check()
      await expect.poll(() => disconnectButton(page).count()).toBe(1)
      await expect.poll(() => connected(page).count()).toBe(1)
      const other = await context.newPage()
      await other.goto(demo.url)
      await envoy(other).getByLabel(routes[via]).check()
      await expect.poll(() => disconnectButton(other).count()).toBe(1)

      await disconnectButton(page).click()
      await expect.poll(() => connectButton(page).count()).toBe(1)
      await expect.poll(() => connectButton(other).count()).toBe(1)
      expect(await page.getByRole('alert').count()).toBe(0)
      if (via === 'rhombus') {
        // Rhombus's documented disconnect, with the server's API key.
        const removal = demo.sandbox.requests.find((r) =>
          r.path.endsWith('/deleteEnvoyIntegrationV2'),
        )
        expect(removal?.method).toBe('POST')
        expect(removal?.headers['x-auth-apikey']).toBe('sandbox-api-key')
      }
    })
  })
}

describe('Connect Envoy directly in this tab (redirect mode), in Chromium against the sandbox', () => {
  withFreshDemo()
  it('Deny: the Envoy section shows access_denied, and the sign-in is untouched', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await signIn(page, demo)
    await expect.poll(() => usersList(page).count()).toBe(1)
    await envoy(page).getByLabel(routes.direct).check()
    await envoy(page).getByLabel('Connect in this tab instead of a popup').check()
    await connectButton(page).click()
    await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
    await decide(page, 'Deny')
    // Back on the callback page, which the provider exchanges as the Envoy connect it was.
    await page.waitForURL((url) => url.href.startsWith(demo.url))
    await expect.poll(() => envoy(page).getByRole('alert').textContent()).toContain('access_denied')
    // The only alert is the Envoy section's: the sign-in has no error and is still signed in.
    await expect.poll(() => page.getByRole('alert').count()).toBe(1)
    await expect.poll(() => usersList(page).count()).toBe(1)
    await expect.poll(() => connectButton(page).count()).toBe(1)
    await context.close()
  })
})

describe('Connect Envoy through Versori: the popup handshake', () => {
  withFreshDemo()
  it('11. ignores a message from a foreign origin and one with a foreign state, then completes', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    const popup = await startConnect(page, 'versori')
    // From the app's own origin (not Versori's), shaped like a real answer.
    await page.evaluate(() =>
      window.postMessage({ type: 'response', payload: { search: '?code=forged&state=x' } }, '*'),
    )
    // From Versori's origin and the popup itself, but for another state.
    await popup.evaluate(() =>
      window.opener.postMessage(
        { type: 'response', payload: { search: '?code=forged&state=not-ours' } },
        '*',
      ),
    )
    await Promise.all([popup.waitForEvent('close'), decide(popup, 'Approve')])
    await expect.poll(() => connected(page).count()).toBe(1)
    const completes = demo.sandbox.requests.filter(
      (r) => r.provider === 'versori' && r.method === 'POST' && r.path.endsWith('/connections'),
    )
    expect(completes).toHaveLength(1)
    expect(completes[0]?.body).not.toContain('forged')
    await context.close()
  })
})

describe('Envoy tokens on the server', () => {
  withFreshDemo('test')
  it('21. 100 concurrent proxied calls on an expired token cause exactly one refresh', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await connect(page, 'direct')
    await expect.poll(() => locations(page).textContent()).toContain('Sandbox HQ')
    demo.sandbox.clearRequests()
    expect(demo.sandbox.expireEnvoyAccessTokens()).toBeGreaterThan(0)
    const statuses = await page.evaluate(() =>
      Promise.all(
        Array.from({ length: 100 }, () =>
          fetch('/bff/envoy/api/v1/locations', { headers: { 'x-doorway-csrf': '1' } }).then(
            (r) => r.status,
          ),
        ),
      ),
    )
    expect(statuses.filter((s) => s === 200)).toHaveLength(100)
    expect(envoyTokenRequests('refresh_token')).toBe(1)
    await context.close()
  })

  it('21. a revoked refresh token leaves the connection disconnected and the UI says so', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await connect(page, 'direct')
    demo.sandbox.revokeEnvoyRefreshTokens()
    demo.sandbox.expireEnvoyAccessTokens()
    await page.reload()
    await envoy(page).getByLabel(routes.direct).check()
    await expect
      .poll(() => envoy(page).getByRole('alert').textContent())
      .toContain('envoy_disconnected')
    await expect.poll(() => connectButton(page).count()).toBe(1)
    await context.close()
  })
})
