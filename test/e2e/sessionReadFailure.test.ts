import { mkdtemp, readFile, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDoorwayBff, createMemoryCredentialStore } from '@doorway/bff'
import { toNodeHandler } from '@doorway/bff/node'
import { defaultRhombusClient, type Sandbox, startSandbox } from '@doorway/sandbox'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { freePort } from '../support/demo.js'
import { serveFixtureApp } from '../support/fixtureApp.js'
import { decide } from '../support/flows.js'

/**
 * The README's React quick start (test/fixtures/readme-quickstart: "Loading…" while the
 * session loads, then `<RhombusLoginButton />`) when the session cannot be read: the BFF
 * down (the connection drops, nothing answers), mounted at another path (the page's /bff
 * answers the SPA's index.html, or 404) or answering 503. The page must show the button's
 * `role="alert"` error soon, stop asking, and recover when the user tries again, or when
 * another tab signs in or out (the session's BroadcastChannel), without "Try again". Rhombus
 * is the sandbox's.
 */

type Mode = 'up' | 'down' | 'index.html' | '404' | '503'

const root = fileURLToPath(new URL('../fixtures/readme-quickstart', import.meta.url))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let browser: Browser
let sandbox: Sandbox
let url: string
let mode: Mode = 'up'
const stops: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  const port = await freePort()
  url = `http://localhost:${port}`
  const redirectUri = `${url}/oauth/callback/rhombus`
  sandbox = await startSandbox({
    clients: [{ ...defaultRhombusClient, redirectUris: [redirectUri] }],
  })
  stops.push(() => sandbox.close())
  const bff = toNodeHandler(
    createDoorwayBff({
      sessionSecret: 'session-read-failure-session-secret-0123456789',
      store: createMemoryCredentialStore(),
      rhombus: {
        protocol: 'legacy',
        clientId: defaultRhombusClient.clientId,
        clientSecret: defaultRhombusClient.clientSecret,
        consoleUrl: sandbox.rhombus.consoleUrl,
        authUrl: sandbox.rhombus.authUrl,
        apiUrl: sandbox.rhombus.apiUrl,
        redirectUri,
      },
    }),
  )
  const outDir = await mkdtemp(join(tmpdir(), 'doorway-readme-quickstart-'))
  stops.push(() => rm(outDir, { recursive: true, force: true }))
  const indexHtml = () => readFile(join(outDir, 'index.html'))
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    if (mode === 'up') return void bff(req, res)
    if (mode === 'down') return void req.socket.destroy()
    if (mode === '503') {
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>503 Service Unavailable</h1>')
    } else if (mode === '404') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found')
    } else res.writeHead(200, { 'content-type': 'text/html' }).end(await indexHtml())
  }
  stops.push(
    await serveFixtureApp({
      root,
      outDir,
      port,
      packages: ['react', 'core'],
      bff: (req, res) => void answer(req, res),
    }),
  )
  browser = await launchChromium()
  stops.push(() => browser.close())
})
afterAll(async () => {
  for (const stop of stops.reverse()) await stop()
})

/** Session reads the page makes, counted as Chromium sends them. */
function countSessionReads(page: Page) {
  let count = 0
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/bff/session') count++
  })
  return () => count
}

// The button's alert, around its "Try again" (the README's page shows `error` in an alert of
// its own too).
const alert = (page: Page) =>
  page.getByRole('alert').filter({ has: page.getByRole('button', { name: 'Try again' }) })

describe("the README's quick start when the session cannot be read, in Chromium", () => {
  it.each<[string, Mode, string]>([
    ['the BFF down', 'down', 'The BFF is unreachable at the configured baseUrl.'],
    ['the BFF at another path (the SPA answers index.html)', 'index.html', 'HTTP 200, not JSON'],
    ['the BFF at another path (404)', '404', 'HTTP 404, not JSON'],
    ['the BFF answering 503', '503', 'HTTP 503, not JSON'],
  ])(
    '%s: an alert within 5 s, at most 5 reads in 10 s, and "Try again" recovers',
    async (_, failure, message) => {
      mode = failure
      const context = await browser.newContext()
      try {
        const page = await context.newPage()
        const reads = countSessionReads(page)
        const started = Date.now()
        await page.goto(url)
        await expect.poll(() => alert(page).count(), { timeout: 5_000 }).toBe(1)
        expect(Date.now() - started).toBeLessThan(5_000)
        expect(await alert(page).textContent()).toContain(message)
        // The README's own alert shows the code.
        expect(await page.getByRole('alert').first().textContent()).toMatch(
          /^(network_error|invalid_response): /,
        )
        const shown = reads()
        await sleep(10_000)
        const after = reads() - shown
        console.info(`${failure}: ${shown} reads until the alert, ${after} in the next 10 s`)
        expect(after).toBeLessThanOrEqual(5)
        expect(await alert(page).count()).toBe(1)
        expect(await page.getByText('Loading…').count()).toBe(0)

        mode = 'up'
        await page.getByRole('button', { name: 'Try again' }).click()
        await expect
          .poll(() => page.getByRole('button', { name: 'Sign in with Rhombus' }).count())
          .toBe(1)
        expect(await alert(page).count()).toBe(0)
      } finally {
        await context.close()
      }
    },
  )
})

const signInButton = (page: Page) => page.getByRole('button', { name: 'Sign in with Rhombus' })
const signedInText = (page: Page) => page.getByText('Signed in to Sandbox Org')

/** Opens the page with the BFF failing (`failure`) and waits for the button's alert. */
async function failingPage(context: BrowserContext, failure: Mode) {
  mode = failure
  const page = await context.newPage()
  const reads = countSessionReads(page)
  await page.goto(url)
  await expect.poll(() => alert(page).count(), { timeout: 5_000 }).toBe(1)
  return { page, reads }
}

describe("the README's quick start after a failed session read, in Chromium: another tab's broadcast", () => {
  it('a sign-in in another tab recovers the failed tab, and so does a sign-out, with no "Try again"', async () => {
    const context = await browser.newContext()
    try {
      // Tab A: the BFF answers 503, the alert is up.
      const a = await failingPage(context, '503')
      const readsBeforeRecovery = a.reads()

      // The BFF is back. Tab B of the same browser signs in with a popup.
      mode = 'up'
      const b = await context.newPage()
      await b.goto(url)
      const [popup] = await Promise.all([b.waitForEvent('popup'), signInButton(b).click()])
      await popup.waitForURL((u) => u.href.startsWith(sandbox.url))
      await Promise.all([popup.waitForEvent('close'), decide(popup, 'Approve')])
      await expect.poll(() => signedInText(b).count()).toBe(1)

      // Tab A follows the broadcast: signed in, its alert gone, without reading the session
      // itself (the session came in the message) and without a click.
      await expect.poll(() => signedInText(a.page).count(), { timeout: 5_000 }).toBe(1)
      expect(await alert(a.page).count()).toBe(0)
      expect(await a.page.getByRole('alert').count()).toBe(0)
      expect(a.reads()).toBe(readsBeforeRecovery)

      // Tab C: the BFF down this time (the cookie is there, the session unknown).
      const c = await failingPage(context, 'down')
      const readsOfC = c.reads()
      mode = 'up'
      // Tab B signs out: tab C follows to signed out (the sign-in button, no alert), and so
      // does tab A.
      await b.getByRole('button', { name: 'Sign out', exact: true }).click()
      await expect.poll(() => signInButton(c.page).count(), { timeout: 5_000 }).toBe(1)
      expect(await alert(c.page).count()).toBe(0)
      expect(await c.page.getByRole('alert').count()).toBe(0)
      expect(c.reads()).toBe(readsOfC)
      await expect.poll(() => signInButton(a.page).count()).toBe(1)
      expect(await signedInText(a.page).count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})
