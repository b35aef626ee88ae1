import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { AxeResults } from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { type RunningDemo, startDemo } from '../support/demo.js'
import { decide, signIn, signInButton, usersList } from '../support/flows.js'

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const screenshots = fileURLToPath(new URL('../../test-results/demo/', import.meta.url))

const desktop = { width: 1280, height: 800 }
const phone = { width: 390, height: 844 }

/** Runs axe-core on the page as it is and lists what it finds, one line a node. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeScript })
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe
    return (await axe.run()).violations
  })
  return violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact}): ${v.help} at ${node.target.join(' ')}`),
  )
}

/** What sticks out past the viewport's right edge: the page (a horizontal scrollbar) or a button. */
async function pastTheEdge(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = window.innerWidth
    const page = document.documentElement.scrollWidth > width ? ['the page'] : []
    const buttons = [...document.querySelectorAll('button')]
      .filter((button) => button.getBoundingClientRect().right > width)
      .map((button) => `button ${button.textContent}`)
    return [...page, ...buttons]
  })
}

async function screenshot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true })
}

const account = (page: Page) => page.getByRole('region', { name: 'Account' })
const envoy = (page: Page) => page.getByRole('region', { name: 'Envoy' })

let browser: Browser
let demo: RunningDemo
let context: BrowserContext
let page: Page
beforeAll(async () => {
  browser = await launchChromium()
  demo = await startDemo()
})
afterAll(async () => {
  await demo?.close()
  await browser?.close()
})
beforeEach(async () => {
  context = await browser.newContext({ viewport: desktop })
  page = await context.newPage()
})
afterEach(async () => {
  await context?.close()
})

async function signedIn(decision = 'Approve') {
  await signIn(page, demo, decision)
  await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
  await expect.poll(() => account(page).textContent()).toContain('Session ends in')
}

describe('the demo, checked with axe-core in Chromium: no violations', () => {
  it('signed out', async () => {
    await page.goto(demo.url)
    await expect.poll(() => signInButton(page).isEnabled()).toBe(true)
    expect(await axeViolations(page)).toEqual([])
  })

  it('signed in, with the account menu in the header', async () => {
    await signedIn()
    expect(await page.getByRole('banner').getByText('Signed in to Sandbox Org').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
  })

  it('signed in as a partner, with the client-org picker', async () => {
    await signIn(page, demo, 'Approve as partner')
    await expect.poll(() => account(page).getByLabel('Acting for').isEnabled()).toBe(true)
    expect(await account(page).getByText('Partner account').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
  })

  it('with Envoy connected, and its locations listed', async () => {
    await signedIn()
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      envoy(page).getByRole('button', { name: 'Connect Envoy' }).click(),
    ])
    await popup.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
    await Promise.all([popup.waitForEvent('close'), decide(popup, 'Approve')])
    await expect
      .poll(() => envoy(page).getByRole('list', { name: 'Envoy locations' }).count())
      .toBe(1)
    expect(await axeViolations(page)).toEqual([])
  })

  it('after Deny: one alert, which says it once', async () => {
    await signIn(page, demo, 'Deny')
    const alert = page.getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain('access_denied')
    expect(await alert.count()).toBe(1)
    // What to do is said once; the provider's own words wait under "Details".
    const hint = alert.getByText('The user declined to authorize the app.')
    const providerSaid = alert.getByText('The user denied the authorization request.')
    expect(await hint.count()).toBe(1)
    expect(await hint.isVisible()).toBe(true)
    expect(await providerSaid.isVisible()).toBe(false)
    await alert.getByText('Details').click()
    expect(await providerSaid.isVisible()).toBe(true)
    expect(await axeViolations(page)).toEqual([])
  })

  it('when the session cannot be read: the account menu’s alert with "Try again"', async () => {
    await page.route('**/bff/session', (route) => route.fulfill({ status: 200, body: 'not json' }))
    await page.goto(demo.url)
    const alert = account(page).getByRole('alert')
    await expect.poll(() => alert.getByRole('button', { name: 'Try again' }).count()).toBe(1)
    expect(await page.getByRole('alert').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
  })
})

describe('the demo at desktop and phone widths, in Chromium (screenshots in test-results/demo)', () => {
  for (const [name, viewport] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    it(`${name} (${viewport.width}×${viewport.height}): signed out, then signed in, fits the width`, async () => {
      await page.setViewportSize(viewport)
      await page.goto(demo.url)
      await expect.poll(() => signInButton(page).isEnabled()).toBe(true)
      await screenshot(page, `signed-out-${name}`)
      expect(await pastTheEdge(page)).toEqual([])

      await signedIn()
      await screenshot(page, `signed-in-${name}`)
      expect(await pastTheEdge(page)).toEqual([])
      // The header holds the app's name and the account menu, above the content.
      const header = await page.getByRole('banner').boundingBox()
      const content = await page.getByRole('main').boundingBox()
      expect(await page.getByRole('banner').getByText('Doorway').count()).toBe(1)
      expect(header && content && header.y + header.height <= content.y).toBe(true)
      const signOut = account(page).getByRole('button', { name: 'Sign out everywhere' })
      expect(await signOut.isVisible()).toBe(true)
    })
  }
})
