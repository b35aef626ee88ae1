import { mkdtemp, readFile, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDoorwayBff, createMemoryCredentialStore } from '@doorway/bff'
import { toNodeHandler } from '@doorway/bff/node'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { freePort } from '../support/demo.js'
import { serveFixtureApp } from '../support/fixtureApp.js'

/**
 * The README's React quick start (test/fixtures/readme-quickstart: "Loading…" while the
 * session loads, then `<RhombusLoginButton />`) when the session cannot be read: the BFF
 * down (the connection drops, nothing answers), mounted at another path (the page's /bff
 * answers the SPA's index.html, or 404) or answering 503. The page must show the button's
 * `role="alert"` error soon, stop asking, and recover when the user tries again.
 */

type Mode = 'up' | 'down' | 'index.html' | '404' | '503'

const root = fileURLToPath(new URL('../fixtures/readme-quickstart', import.meta.url))
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let browser: Browser
let url: string
let mode: Mode = 'up'
const stops: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  const port = await freePort()
  url = `http://localhost:${port}`
  const bff = toNodeHandler(
    createDoorwayBff({
      sessionSecret: 'session-read-failure-session-secret-0123456789',
      store: createMemoryCredentialStore(),
      rhombus: {
        protocol: 'legacy',
        clientId: 'rhombus-client',
        clientSecret: 'rhombus-SECRET',
        consoleUrl: 'https://console.rhombus.invalid',
        authUrl: 'https://auth.rhombus.invalid',
        apiUrl: 'https://api.rhombus.invalid',
        redirectUri: `${url}/oauth/callback/rhombus`,
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
