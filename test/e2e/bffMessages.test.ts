import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type BffConfig, createDoorwayBff, createMemoryCredentialStore } from '@doorway/bff'
import { toNodeHandler } from '@doorway/bff/node'
import { type Sandbox, startSandbox } from '@doorway/sandbox'
import express from 'express'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { freePort } from '../support/demo.js'
import { serveFixtureApp } from '../support/fixtureApp.js'
import { decide, signInButton } from '../support/flows.js'

/**
 * The BFF's messages for the mistakes a newcomer makes while mounting it, as the README's
 * quick-start page (test/fixtures/readme-quickstart) shows them in Chromium: each says what
 * is wrong and what to do, not only a code.
 */

type Setup = 'basePath' | 'bodyParser' | 'unconfigured'

const root = fileURLToPath(new URL('../fixtures/readme-quickstart', import.meta.url))
const sessionSecret = 'bff-messages-session-secret-5c4b3a29181706f5'

let browser: Browser
let sandbox: Sandbox
let url: string
let setup: Setup = 'basePath'
const handlers = {} as Record<Setup, (req: IncomingMessage, res: ServerResponse) => void>
const stops: (() => Promise<unknown>)[] = []

beforeAll(async () => {
  const port = await freePort()
  url = `http://localhost:${port}`
  const redirectUri = `${url}/oauth/callback/rhombus`
  sandbox = await startSandbox({
    clients: [
      { clientId: 'messages-app', clientSecret: 'messages-secret', redirectUris: [redirectUri] },
    ],
  })
  stops.push(() => sandbox.close())
  const config: BffConfig = {
    sessionSecret,
    store: createMemoryCredentialStore(),
    rhombus: {
      clientId: 'messages-app',
      clientSecret: 'messages-secret',
      consoleUrl: sandbox.rhombus.consoleUrl,
      authUrl: sandbox.rhombus.authWebUrl,
      apiUrl: sandbox.rhombus.apiUrl,
      redirectUri,
    },
  }
  // The BFF's basePath is /auth, but the app mounts it (and the provider looks for it) at /bff.
  handlers.basePath = toNodeHandler(createDoorwayBff({ ...config, basePath: '/auth' }))
  // express.json() ahead of the BFF: it reads every JSON body first.
  const app = express()
  app.use(express.json())
  app.use('/bff', toNodeHandler(createDoorwayBff(config)))
  handlers.bodyParser = app
  // What misspelled RHOMBUS_CLIENT_ID / RHOMBUS_CLIENT_SECRET leave: a BFF without Rhombus.
  handlers.unconfigured = toNodeHandler(
    createDoorwayBff({ sessionSecret, store: createMemoryCredentialStore() }),
  )

  const outDir = await mkdtemp(join(tmpdir(), 'doorway-bff-messages-'))
  stops.push(() => rm(outDir, { recursive: true, force: true }))
  stops.push(
    await serveFixtureApp({
      root,
      outDir,
      port,
      packages: ['react', 'core'],
      bff: (req, res) => handlers[setup](req, res),
    }),
  )
  browser = await launchChromium()
  stops.push(() => browser.close())
})
afterAll(async () => {
  for (const stop of stops.reverse()) await stop()
})

/** Every alert's text on the page, once at least one shows. */
async function alerts(page: Page): Promise<string> {
  await expect.poll(() => page.getByRole('alert').count(), { timeout: 10_000 }).toBeGreaterThan(0)
  return (await page.getByRole('alert').allTextContents()).join('\n')
}

describe('what the page says when the BFF is mounted wrong, in Chromium', () => {
  it('mounted at /bff with basePath /auth: the alert names the base path and the fix', async () => {
    setup = 'basePath'
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(url)
      const text = await alerts(page)
      expect(text).toContain(
        "No route for GET /bff/session: the BFF's routes are under its base path /auth",
      )
      expect(text).toContain('set basePath to where it is mounted')
    } finally {
      await context.close()
    }
  })

  it('behind express.json(): the sign-in ends in an alert saying a body parser read the body first', async () => {
    setup = 'bodyParser'
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(url)
      // The button signs in with a popup by default.
      const popup = page.waitForEvent('popup')
      await signInButton(page).click()
      const rhombusConsole = await popup
      await rhombusConsole.waitForURL((at) => at.href.startsWith(sandbox.url))
      await decide(rhombusConsole, 'Approve')
      const text = await alerts(page)
      expect(text).toContain('The request body was read before the BFF saw it')
      expect(text).toContain('mount the BFF before any body parser')
      expect(text).not.toContain('not valid JSON')
    } finally {
      await context.close()
    }
  })

  it('without Rhombus settings (client variables misspelled): the sign-in ends in an alert that says where to look, not the bare code', async () => {
    setup = 'unconfigured'
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(url)
      await signInButton(page).click()
      const text = await alerts(page)
      expect(text).toContain('The BFF is not configured for this: see its log.')
      expect(text).toContain('not_configured')
      expect(text).not.toContain('not_configured: not_configured')
      // Nothing opened: the sign-in stopped before any popup or navigation.
      expect(context.pages()).toHaveLength(1)
    } finally {
      await context.close()
    }
  })
})
