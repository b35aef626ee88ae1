import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { type RunningDemo, startDemo } from '../support/demo.js'
import { proxiedCallsFromPage, signIn, signInButton, usersList } from '../support/flows.js'

/**
 * Server-side sessions that Rhombus's CLI way keeps alive (oauth2 dialect, refresh tokens),
 * in real Chromium against the sandbox with 4-second access tokens: the BFF renews them
 * after half their lifetime, so an expiry comes every two seconds.
 */

const tokenTtlSeconds = 4
const halfLife = (tokenTtlSeconds / 2) * 1000 + 300
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const expiredPrompt = (page: Page) =>
  page.getByRole('button', { name: 'Session expired: sign in again' })

let browser: Browser
let demo: RunningDemo
beforeAll(async () => {
  ;[browser, demo] = await Promise.all([
    launchChromium(),
    startDemo({ SANDBOX_TOKEN_TTL_SECONDS: String(tokenTtlSeconds) }),
  ])
})
afterAll(async () => {
  await Promise.all([browser?.close(), demo?.close()])
})

/** A fresh browser context signed in through the sandbox's console, its users shown. */
async function signedIn(decision = 'Approve') {
  const context = await browser.newContext()
  const page = await context.newPage()
  await signIn(page, demo, decision)
  await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
  return { context, page }
}

describe('sessions the server owns and refreshes, in Chromium against the sandbox (4-second tokens)', () => {
  it('the signed-in page keeps working across three expiries, one refresh each, no refresh token sent twice', async () => {
    const { context, page } = await signedIn()
    try {
      expect(await page.getByText('Signed in to Sandbox Org').count()).toBe(1)
      demo.sandbox.resetRhombusTokenStats()
      for (let expiry = 1; expiry <= 3; expiry++) {
        await sleep(halfLife)
        await page.reload()
        await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
        expect(await expiredPrompt(page).count()).toBe(0)
        expect(demo.sandbox.rhombusTokenStats()).toMatchObject({
          refreshes: expiry,
          refusedRefreshes: 0,
          reusedRefreshTokens: 0,
        })
      }
    } finally {
      await context.close()
    }
  })

  it('28. 100 concurrent proxied calls from the page at expiry make one refresh (counted at the sandbox)', async () => {
    const { context, page } = await signedIn()
    try {
      await sleep(halfLife)
      demo.sandbox.resetRhombusTokenStats()
      const statuses = await proxiedCallsFromPage(page, 100)
      expect(statuses).toEqual(Array(100).fill(200))
      expect(demo.sandbox.rhombusTokenStats()).toMatchObject({
        refreshes: 1,
        reusedRefreshTokens: 0,
      })
    } finally {
      await context.close()
    }
  })

  it('28. a refresh refused with invalid_grant shows session_expired and the sign-in button', async () => {
    const { context, page } = await signedIn()
    try {
      expect(demo.sandbox.revokeRhombusRefreshTokens()).toBeGreaterThan(0)
      await sleep(halfLife)
      await page.reload()
      await expect.poll(() => expiredPrompt(page).count()).toBe(1)
      expect(await page.getByRole('status').textContent()).toContain('Your session has expired')
      expect(await usersList(page).count()).toBe(0)
      const session = await page.evaluate(async () => (await fetch('/bff/session')).json())
      expect(session).toEqual({ authenticated: false, expired: true })
      // Signing in again from the prompt works.
      await expiredPrompt(page).click()
      await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      await page.getByRole('button', { name: 'Approve', exact: true }).click()
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
    } finally {
      await context.close()
    }
  })

  it('27. "Sign out everywhere" in one browser ends the session of a second browser context', async () => {
    const laptop = await signedIn()
    const phone = await signedIn()
    try {
      await laptop.page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click()
      await expect.poll(() => signInButton(laptop.page).count()).toBe(1)
      // The other browser shares no storage: only the server can have ended its session.
      await phone.page.reload()
      await expect.poll(() => signInButton(phone.page).count()).toBe(1)
      expect(await usersList(phone.page).count()).toBe(0)
      const session = await phone.page.evaluate(async () => (await fetch('/bff/session')).json())
      expect(session).toEqual({ authenticated: false })
    } finally {
      await Promise.all([laptop.context.close(), phone.context.close()])
    }
  })
})
