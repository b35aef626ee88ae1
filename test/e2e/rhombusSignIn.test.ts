import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import { type RunningDemo, startDemo } from '../support/demo.js'
import { decide, signIn, signInButton, usersList } from '../support/flows.js'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

async function signInWithRedirect(page: Page, demo: RunningDemo, decision = 'Approve') {
  await signIn(page, demo, decision)
}

async function signInWithPopup(page: Page, demo: RunningDemo, decision = 'Approve') {
  await page.goto(demo.url)
  await page.getByLabel('Use a popup').check()
  const [popup] = await Promise.all([page.waitForEvent('popup'), signInButton(page).click()])
  await popup.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
  await Promise.all([popup.waitForEvent('close'), decide(popup, decision)])
}

for (const protocol of ['oauth2', 'legacy'] as const) {
  describe(`sign-in with Rhombus, ${protocol} dialect, in Chromium against the sandbox`, () => {
    let demo: RunningDemo
    let context: BrowserContext
    let page: Page

    beforeAll(async () => {
      demo = await startDemo({ RHOMBUS_PROTOCOL: protocol })
    })
    afterAll(async () => {
      await context?.close()
      await demo?.close()
    })
    beforeEach(async () => {
      await context?.close()
      context = await browser.newContext()
      page = await context.newPage()
      demo.sandbox.clearRequests()
    })

    it('signs in by redirect and lists the org users through the proxy', async () => {
      await signInWithRedirect(page, demo)
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      expect(demo.tokenRequests()).toBe(1)
      const apiCall = demo.sandbox.requests.find((r) => r.path === '/api/user/getUsersInOrg')
      expect(apiCall?.headers['x-auth-scheme']).toBe('api-oauth-token')
      expect(apiCall?.headers.cookie).toBeUndefined()
    })

    it('signs in with a popup', async () => {
      await signInWithPopup(page, demo)
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      expect(demo.tokenRequests()).toBe(1)
      expect(page.url()).toBe(`${demo.url}/`)
    })

    // Legacy: the callback says isPartner. oauth2: the BFF learns it with a probe.
    it('a partner account calls the API with the partner scheme', async () => {
      await signInWithRedirect(page, demo, 'Approve as partner')
      await expect.poll(() => page.getByText('Partner account').count()).toBe(1)
      await expect.poll(() => usersList(page).textContent()).toContain('@')
      // The page's call through the proxy is the last one (oauth2 probes before it).
      const apiCall = demo.sandbox.requests.findLast((r) => r.path === '/api/user/getUsersInOrg')
      expect(apiCall?.headers['x-auth-scheme']).toBe('partner-api-oauth-token')
    })

    it.runIf(protocol === 'legacy')(
      'a pre-exchanged accessToken in the callback signs in without a token request',
      async () => {
        await signInWithRedirect(page, demo, 'Approve with access token')
        await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
        expect(demo.tokenRequests()).toBe(0)
        expect(page.url()).not.toContain('accessToken')
      },
    )

    it('Deny shows access_denied in an alert and makes no token request', async () => {
      await signInWithRedirect(page, demo, 'Deny')
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('access_denied')
      expect(demo.tokenRequests()).toBe(0)
      await expect.poll(() => signInButton(page).count()).toBe(1)
    })

    it('after Deny the page leaves the callback for where the sign-in started, and a new sign-in comes back there', async () => {
      const start = `${demo.url}/devices?tab=2`
      await page.goto(start)
      await signInButton(page).click()
      await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      await decide(page, 'Deny')
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('access_denied')
      await expect.poll(() => page.url()).toBe(start)
      // Signing in again from here returns here, not to the callback path.
      await signInButton(page).click()
      await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      await decide(page, 'Approve')
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      expect(page.url()).toBe(start)
    })

    it('after Deny started at the home page, the address bar is the home page again', async () => {
      await signIn(page, demo, 'Deny')
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('access_denied')
      await expect.poll(() => new URL(page.url()).pathname).toBe('/')
      expect(page.url()).toBe(`${demo.url}/`)
    })

    it('4. a tampered state aborts before any token request', async () => {
      await page.goto(demo.url)
      await signInButton(page).click()
      await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      // The console answers the decision with a 302 to our callback: tamper with its state.
      await page.route('**/decision', async (route) => {
        const response = await route.fetch({ maxRedirects: 0 })
        const location = new URL(response.headers().location ?? '')
        location.searchParams.set('state', 'tampered-state-value-0000000000000000000000')
        await route.fulfill({ status: 302, headers: { location: location.href } })
      })
      await decide(page, 'Approve')
      await page.waitForURL((url) => url.searchParams.get('state')?.startsWith('tampered') ?? false)
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('state_mismatch')
      expect(demo.tokenRequests()).toBe(0)
    })

    it('5. reloading the callback URL, StrictMode, the back button and a second tab cause exactly one token request', async () => {
      let callbackUrl = ''
      page.on('request', (request) => {
        if (request.isNavigationRequest() && request.url().includes('/oauth/callback/rhombus?')) {
          callbackUrl = request.url()
        }
      })
      await signInWithRedirect(page, demo)
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      expect(callbackUrl).toContain('state=')
      await page.goto(callbackUrl)
      // The revisited callback finds no transaction and leaves for `/` (replacing its history
      // entry), so back and forward cross entries the page rewrote, and Chromium may swap the
      // page's renderer meanwhile: a step that finds the page detached is tried again.
      const settled = async (step: () => Promise<unknown>) => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await step()
          } catch (error) {
            if (attempt >= 5 || !/Not attached|ERR_ABORTED|detached/.test(String(error))) {
              throw error
            }
            await page.waitForTimeout(200)
          }
        }
      }
      await settled(() => page.reload())
      await settled(() => page.goBack())
      await settled(() => page.goForward())
      // A second tab with the same callback URL has no transaction of its own.
      const secondTab = await context.newPage()
      await secondTab.goto(callbackUrl)
      await expect
        .poll(() => secondTab.getByRole('alert').textContent())
        .toContain('state_mismatch')
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      expect(demo.tokenRequests()).toBe(1)
    })

    it('5. a double click on the button starts one sign-in and one token request', async () => {
      await page.goto(demo.url)
      await signInButton(page).dblclick()
      await page.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      await decide(page, 'Approve')
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      const authorizes = demo.sandbox.requests.filter(
        (r) => r.role === 'console' && r.method === 'GET',
      )
      expect(authorizes).toHaveLength(1)
      expect(demo.tokenRequests()).toBe(1)
    })

    it('9. after the callback, code and state are gone from the address bar and no third-party resource loads', async () => {
      const foreign: string[] = []
      page.on('request', (request) => {
        const url = new URL(request.url())
        if (url.origin !== demo.url && !request.url().startsWith(demo.sandbox.url))
          foreign.push(request.url())
      })
      await signInWithRedirect(page, demo)
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      expect(page.url()).not.toMatch(/[?&](code|state)=/)
      expect(foreign).toEqual([])
    })

    it('10. nothing is written to localStorage through a whole sign-in and sign-out', async () => {
      await page.addInitScript(() => {
        const writes: string[] = []
        ;(window as unknown as { __localWrites: string[] }).__localWrites = writes
        const setItem = Storage.prototype.setItem
        Storage.prototype.setItem = function (key: string, value: string) {
          if (this === window.localStorage) writes.push(key)
          return setItem.call(this, key, value)
        }
      })
      await signInWithRedirect(page, demo)
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await expect.poll(() => signInButton(page).count()).toBe(1)
      const writes = await page.evaluate(
        () => (window as unknown as { __localWrites: string[] }).__localWrites,
      )
      expect(writes).toEqual([])
      const sessionKeys = await page.evaluate(() => Object.keys(sessionStorage))
      expect(sessionKeys.filter((k) => k.startsWith('doorway:tx:'))).toEqual([])
    })

    it('closing the popup ends the attempt with popup_closed', async () => {
      await page.goto(demo.url)
      await page.getByLabel('Use a popup').check()
      const [popup] = await Promise.all([page.waitForEvent('popup'), signInButton(page).click()])
      await popup.waitForURL((url) => url.href.startsWith(demo.sandbox.url))
      await popup.close()
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('popup_closed')
      expect(demo.tokenRequests()).toBe(0)
      await expect.poll(() => signInButton(page).isEnabled()).toBe(true)
    })

    it('signs out, and a second tab follows sign-in and sign-out without a reload', async () => {
      const other = await context.newPage()
      await other.goto(demo.url)
      await expect.poll(() => signInButton(other).count()).toBe(1)

      await signInWithRedirect(page, demo)
      await expect.poll(() => usersList(page).textContent()).toContain('@sandbox.example')
      await expect.poll(() => usersList(other).textContent()).toContain('@sandbox.example')

      await page.getByRole('button', { name: 'Sign out', exact: true }).click()
      await expect.poll(() => signInButton(page).count()).toBe(1)
      await expect.poll(() => signInButton(other).count()).toBe(1)
      const session = await page.evaluate(() => fetch('/bff/session').then((r) => r.json()))
      expect(session).toEqual(expect.objectContaining({ authenticated: false }))
    })
  })
}
