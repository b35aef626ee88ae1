import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { type RunningDemo, startDemo } from '../support/demo.js'
import { signIn, signInButton } from '../support/flows.js'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

const users = (page: Page, name = 'Users in your organisation') => page.getByRole('list', { name })

interface MintedKey {
  apiKey: string
  displayName: string
  accountId: string
}

/** What the sandbox minted (its control route; the browser never sees these). */
async function mintedKeys(demo: RunningDemo): Promise<MintedKey[]> {
  const response = await fetch(`${demo.sandbox.url}/__sandbox/rhombus/api-keys`)
  return ((await response.json()) as { apiKeys: MintedKey[] }).apiKeys
}

for (const protocol of ['oauth2', 'legacy'] as const) {
  describe(`partner accounts, ${protocol} dialect, in Chromium against the sandbox`, () => {
    let demo: RunningDemo
    let context: BrowserContext
    let page: Page
    beforeAll(async () => {
      demo = await startDemo({ RHOMBUS_PROTOCOL: protocol })
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

    it('a partner signs in, lists its client orgs and acts for one (x-auth-org, partner scheme)', async () => {
      await signIn(page, demo, 'Approve as partner')
      await expect.poll(() => page.getByText('Partner account').count()).toBe(1)
      const picker = page.getByLabel('Acting for')
      await expect.poll(() => picker.isEnabled()).toBe(true)
      const options = await picker.locator('option').allTextContents()
      expect(options).toEqual([
        'your own organisation',
        'Acme Retail (partner client)',
        'Beta Logistics (partner client)',
        'Cyan Clinics (partner client)',
      ])
      await expect.poll(() => users(page).textContent()).toContain('hedy@partner.sandbox.example')

      await picker.selectOption({ label: 'Acme Retail (partner client)' })
      const acme = users(page, 'Users in the client organisation')
      await expect.poll(() => acme.textContent()).toContain('katherine@acme.sandbox.example')
      const call = demo.sandbox.requests.findLast((r) => r.path === '/api/user/getUsersInOrg')
      expect(call?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')
      expect(call?.headers['x-auth-org']).toBe('sbxOrgPartnerClientAcme')
      expect(call?.headers['x-doorway-org']).toBeUndefined()

      // Back to the partner's own org: no x-auth-org at all.
      await picker.selectOption({ label: 'your own organisation' })
      await expect.poll(() => users(page).textContent()).toContain('hedy@partner.sandbox.example')
    })
  })
}

describe('an app that does not support partners (RHOMBUS_PARTNERS=false)', () => {
  let demo: RunningDemo
  beforeAll(async () => {
    demo = await startDemo({ RHOMBUS_PARTNERS: 'false' })
  })
  afterAll(async () => {
    await demo?.close()
  })

  it('a partner sign-in ends with partner_not_supported, a clear message and no session', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await signIn(page, demo, 'Approve as partner')
      const alert = page.getByRole('alert')
      await expect.poll(() => alert.textContent()).toContain('partner_not_supported')
      expect(await alert.textContent()).toMatch(/standard Rhombus organisations only/i)
      expect(await signInButton(page).isVisible()).toBe(true)
      expect(await context.cookies()).toEqual([])
      const session = await page.evaluate(async () => (await fetch('/bff/session')).json())
      expect(session).toEqual({ authenticated: false })
      const config = await page.evaluate(async () => (await fetch('/bff/config')).json())
      expect(config.providers.rhombus.supportsPartners).toBe(false)

      // A standard account still signs in.
      await signIn(page, demo, 'Approve')
      await expect.poll(() => users(page).textContent()).toContain('@sandbox.example')
    } finally {
      await context.close()
    }
  })
})

describe('long-lived API keys, in Chromium against the sandbox', () => {
  let demo: RunningDemo
  let dir: string
  let logged: string[]
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorway-e2e-keys-'))
    demo = await startDemo({ DOORWAY_DB: join(dir, 'doorway.db') })
  })
  afterAll(async () => {
    await demo?.close()
    rmSync(dir, { recursive: true, force: true })
  })
  beforeEach(() => {
    logged = []
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(
          args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 9 }))).join(' '),
        )
      })
    }
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('mints, lists and deletes a key; the key is never in a browser response, a log line or the SQLite file in clear', async () => {
    const context = await browser.newContext()
    const seen: string[] = []
    context.on('response', async (response) => {
      // A response still arriving when the context closes has nothing left to read.
      const headers = JSON.stringify(await response.allHeaders().catch(() => ({})))
      const body = await response.text().catch(() => '')
      seen.push(`${response.url()} ${headers} ${body}`)
    })
    try {
      const page = await context.newPage()
      await signIn(page, demo)
      await expect.poll(() => users(page).textContent()).toContain('@sandbox.example')
      const keys = page.getByRole('list', { name: 'API keys' })
      expect(await page.getByText('No API keys yet.').count()).toBe(1)

      await page.getByLabel('Key name').fill('Nightly export')
      await page.getByRole('button', { name: 'Create API key' }).click()
      await expect.poll(() => keys.textContent()).toContain('Nightly export')
      const minted = await mintedKeys(demo)
      // At Rhombus the BFF names each mint uniquely, to find its tokenUuid by that name;
      // the page keeps the name the user gave.
      expect(minted.map((k) => [k.displayName, k.accountId])).toEqual([
        [expect.stringMatching(/^Nightly export \(Doorway [0-9A-Za-z_-]{8}\)$/), 'standard'],
      ])
      expect(await keys.textContent()).not.toContain('(Doorway ')
      const apiKey = minted[0]!.apiKey
      const mint = demo.sandbox.requests.find(
        (r) => r.path === '/api/integrations/org/submitApiTokenApplication',
      )
      expect(mint?.headers['x-auth-scheme']).toBe('api-oauth-token')

      // Still there after a reload (the list is the server's).
      await page.reload()
      await expect.poll(() => keys.textContent()).toContain('Nightly export')

      // The stored key works for server-side work: the BFF's own store and client.
      const { rhombusApiKeys, createSqliteCredentialStore } = await import('@doorway/bff')
      const session = await page.evaluate(async () => (await fetch('/bff/session')).json())
      const store = createSqliteCredentialStore(join(dir, 'doorway.db'), {
        secret: demo.backend.env.SESSION_SECRET!,
      })
      try {
        const server = rhombusApiKeys({ store, apiUrl: demo.sandbox.rhombus.apiUrl })
        const [summary] = await server.list(session.user.id)
        const client = await server.client(session.user.id, summary!.id)
        const answer = await client.request<{ users: unknown[] }>('/user/getUsersInOrg', {})
        expect(answer.users.length).toBeGreaterThan(0)
      } finally {
        await store.close()
      }
      const byKey = demo.sandbox.requests.findLast((r) => r.path === '/api/user/getUsersInOrg')
      expect(byKey?.headers['x-auth-scheme']).toBe('api-token')

      await page.getByRole('button', { name: 'Delete Nightly export' }).click()
      await expect.poll(() => page.getByText('No API keys yet.').count()).toBe(1)
      await page.reload()
      await expect.poll(() => page.getByText('No API keys yet.').count()).toBe(1)

      expect(seen.length).toBeGreaterThan(5)
      expect(seen.filter((entry) => entry.includes(apiKey))).toEqual([])
      // The capture works (the BFF logs the mint), and no line has the key.
      expect(logged.some((line) => line.includes('rhombus api key minted'))).toBe(true)
      expect(logged.filter((line) => line.includes(apiKey))).toEqual([])
      const files = readdirSync(dir)
      expect(files).toContain('doorway.db')
      for (const file of files) {
        expect(readFileSync(join(dir, file)).includes(apiKey)).toBe(false)
      }
    } finally {
      await context.close()
    }
  })
})

describe('session expiry in the legacy dialect (no refresh), in Chromium against the sandbox (4-second tokens)', () => {
  let demo: RunningDemo
  beforeAll(async () => {
    // The legacy guide documents no refresh: its sessions end when the access token does.
    demo = await startDemo({ SANDBOX_TOKEN_TTL_SECONDS: '4', RHOMBUS_PROTOCOL: 'legacy' })
  })
  afterAll(async () => {
    await demo?.close()
  })

  it('the session ends itself at expiry in two tabs, each then prompts to sign in again', async () => {
    const context = await browser.newContext()
    try {
      const first = await context.newPage()
      await signIn(first, demo)
      await expect.poll(() => users(first).textContent()).toContain('@sandbox.example')
      const second = await context.newPage()
      await second.goto(demo.url)
      await expect.poll(() => users(second).textContent()).toContain('@sandbox.example')
      const remaining = await second.getByTestId('session-remaining').textContent()
      expect(remaining).toMatch(/^0:0[0-4]$/)

      const prompt = (page: Page) =>
        page.getByRole('button', { name: 'Session expired: sign in again' })
      for (const page of [first, second]) {
        await expect.poll(() => prompt(page).count(), { timeout: 8_000 }).toBe(1)
        expect(await page.getByRole('status').textContent()).toContain('Your session has expired')
        expect(await users(page).count()).toBe(0)
      }
      // The BFF says the same, and refuses the API with the typed 401.
      const answer = await first.evaluate(async () => {
        const session = await (await fetch('/bff/session')).json()
        const api = await fetch('/bff/rhombus/api/user/getUsersInOrg', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-doorway-csrf': '1' },
          body: '{}',
        })
        return { session, status: api.status, problem: await api.json() }
      })
      expect(answer).toMatchObject({
        session: { authenticated: false, expired: true },
        status: 401,
        problem: { code: 'session_expired' },
      })

      // Signing in again from the prompt works.
      await prompt(first).click()
      await first.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      await first.getByRole('button', { name: 'Approve', exact: true }).click()
      await expect.poll(() => users(first).textContent()).toContain('@sandbox.example')
    } finally {
      await context.close()
    }
  })
})

describe('a token Rhombus stops accepting, in Chromium against the sandbox', () => {
  let demo: RunningDemo
  beforeAll(async () => {
    demo = await startDemo()
  })
  afterAll(async () => {
    await demo?.close()
  })

  const revoke = async (what: 'access' | 'refresh') => {
    const response = await fetch(`${demo.sandbox.url}/__sandbox/rhombus/revoke-${what}-tokens`, {
      method: 'POST',
    })
    return ((await response.json()) as { revoked: number }).revoked
  }

  it('an upstream 401 is answered as the Rhombus CLI does: one refresh, the call retried, the page keeps working', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await signIn(page, demo)
      await expect.poll(() => users(page).textContent()).toContain('@sandbox.example')
      demo.sandbox.resetRhombusTokenStats()
      expect(await revoke('access')).toBe(1)
      // The next API call (a reload reads the users again) meets the 401, refreshes, retries.
      await page.reload()
      await expect.poll(() => users(page).textContent()).toContain('@sandbox.example')
      expect(demo.sandbox.rhombusTokenStats()).toMatchObject({
        refreshes: 1,
        reusedRefreshTokens: 0,
      })
      expect(await signInButton(page).count()).toBe(0)
    } finally {
      await context.close()
    }
  })

  it('an upstream 401 that a refresh cannot cure ends the session with session_expired and the page prompts to sign in again', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await signIn(page, demo)
      await expect.poll(() => users(page).textContent()).toContain('@sandbox.example')
      expect(await revoke('access')).toBeGreaterThan(0)
      expect(await revoke('refresh')).toBeGreaterThan(0)
      await page.reload()
      await expect
        .poll(() => page.getByRole('button', { name: 'Session expired: sign in again' }).count())
        .toBe(1)
      expect(await page.getByRole('status').textContent()).toContain('Your session has expired')
      const session = await page.evaluate(async () => (await fetch('/bff/session')).json())
      expect(session).toEqual({ authenticated: false, expired: true })
    } finally {
      await context.close()
    }
  })
})
