import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser.js'
import {
  type RunningGenericProviderApp,
  startGenericProviderApp,
} from '../support/genericProviderApp.js'
import { rhombusSignInBody } from '../support/oidcBff.js'

/**
 * The OAuth provider path in real Chromium: the fixture app
 * (test/fixtures/generic-provider, @doorway/core only) connects `oidc`, a real, independent
 * authorization server (panva's oidc-provider) on loopback, through the BFF.
 */

let browser: Browser
let app: RunningGenericProviderApp
beforeAll(async () => {
  ;[browser, app] = await Promise.all([launchChromium(), startGenericProviderApp()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

let context: BrowserContext
let page: Page
beforeEach(async () => {
  await context?.close()
  context = await browser.newContext()
  // Only the app and the provider: oidc-provider's dev pages @import a web font.
  await context.route(
    (url) => url.origin !== app.url && url.origin !== app.provider.issuer,
    (route) => route.abort(),
  )
  page = await context.newPage()
})
afterAll(async () => {
  await context?.close()
})

/** Opens the app and signs `userId` in from the page (the BFF's fake Rhombus token endpoint). */
async function openSignedIn(userId: string) {
  await page.goto(app.url)
  const status = await page.evaluate(
    async (body) => {
      const response = await fetch('/bff/auth/rhombus/exchange', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-doorway-csrf': '1' },
        body: JSON.stringify(body),
      })
      return response.status
    },
    rhombusSignInBody(userId, app.rhombusRedirectUri),
  )
  expect(status).toBe(200)
}

/** `GET /bff/connections/oidc` from the page, with the session cookie and the CSRF header. */
function connectionStatus() {
  return page.evaluate(async () => {
    const response = await fetch('/bff/connections/oidc', { headers: { 'x-doorway-csrf': '1' } })
    return { status: response.status, body: await response.json() }
  })
}

const atProvider = (url: URL) => url.origin === app.provider.issuer
const alert = () => page.getByRole('alert')

/** Click "Connect OIDC", then sign in on oidc-provider's own login page: stops at consent. */
async function connectAndLogIn() {
  await page.getByRole('button', { name: 'Connect OIDC' }).click()
  await page.waitForURL((url) => atProvider(url) && url.pathname.startsWith('/interaction/'))
  await page.locator('input[name="login"]').fill('alice')
  await page.locator('input[name="password"]').fill('any password')
  await page.getByRole('button', { name: 'Sign-in' }).click()
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' })
  expect(atProvider(new URL(page.url()))).toBe(true)
}

describe('the OAuth provider path in Chromium against a real oidc-provider', () => {
  it('connects: login and consent at the provider, iss checked, one token request, connected at the BFF', async () => {
    await openSignedIn('user-browser-1')
    expect(await connectionStatus()).toEqual({
      status: 200,
      body: { status: 'disconnected', via: 'direct' },
    })
    const authorizeRequests: URL[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (atProvider(url) && url.pathname === '/auth') authorizeRequests.push(url)
    })
    let callback: URL | undefined
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (request.isNavigationRequest() && url.href.startsWith(app.provider.client.redirectUri)) {
        callback ??= url
      }
    })
    const before = app.provider.tokenRequests.length

    await connectAndLogIn()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL((url) => url.href.startsWith(app.provider.client.redirectUri))
    await expect.poll(() => page.locator('#status').textContent()).toBe('oidc: connected')
    expect(await alert().textContent()).toBe('')

    // The authorization request the browser sent: PKCE S256, the registered redirect URI.
    expect(authorizeRequests).toHaveLength(1)
    const authorize = authorizeRequests[0]!.searchParams
    expect(authorize.get('client_id')).toBe(app.provider.client.clientId)
    expect(authorize.get('redirect_uri')).toBe(app.provider.client.redirectUri)
    expect(authorize.get('code_challenge_method')).toBe('S256')
    expect(authorize.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    // The real authorization response carried the issuer as `iss` (RFC 9207), and was accepted.
    expect(callback?.searchParams.get('iss')).toBe(app.provider.metadata.issuer)
    expect(callback?.searchParams.get('state')).toBe(authorize.get('state'))
    const code = callback?.searchParams.get('code')
    expect(code).toBeTruthy()
    // Address bar cleaned; page on the callback path.
    expect(page.url()).toBe(app.provider.client.redirectUri)

    expect(app.provider.tokenRequests.slice(before)).toEqual([
      {
        authorization: expect.stringMatching(/^Basic /),
        contentType: 'application/x-www-form-urlencoded',
      },
    ])
    const answer = JSON.parse((await page.locator('#result').textContent()) ?? '')
    expect(answer).toEqual({
      status: 'connected',
      via: 'direct',
      scopes: ['openid'],
      expiresAt: expect.any(Number),
    })
    expect(await connectionStatus()).toEqual({ status: 200, body: answer })
    const stored = await app.store.getConnection({ userId: 'user-browser-1', provider: 'oidc' })
    expect(stored?.status).toBe('connected')
    const html = await page.content()
    const accessToken = stored?.status === 'connected' ? stored.accessToken : ''
    for (const secret of [accessToken, app.provider.client.clientSecret, code ?? '']) {
      expect(html).not.toContain(secret)
      expect(app.logs.join('\n')).not.toContain(secret)
    }
    expect(app.provider.serverErrors).toEqual([])
  })

  it('7. an iss that is not the issuer is rejected before any token request', async () => {
    await openSignedIn('user-browser-2')
    await connectAndLogIn()
    // Submitting consent (POST /interaction/<uid>) redirects to its resume (GET /auth/<uid>),
    // which answers with the 302 to our callback. Playwright routes only the first request of
    // a redirect chain: take the submission, play the chain at the provider (the context's
    // cookies), and hand the browser the provider's own redirect with its iss forged.
    const forged = 'https://attacker.example'
    let genuineIss: string | null = null
    await page.route(
      (url) => atProvider(url) && url.pathname.startsWith('/interaction/'),
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue()
        const submitted = await route.fetch({ maxRedirects: 0 })
        const resume = new URL(submitted.headers().location ?? '', route.request().url())
        const resumed = await context.request.get(resume.href, { maxRedirects: 0 })
        const location = new URL(resumed.headers().location ?? '', resume)
        if (!location.href.startsWith(`${app.provider.client.redirectUri}?`)) {
          throw new Error(`unexpected redirect from ${resume.pathname}: ${location.href}`)
        }
        genuineIss = location.searchParams.get('iss')
        location.searchParams.set('iss', forged)
        await route.fulfill({ status: 302, headers: { location: location.href } })
      },
    )
    const before = app.provider.tokenRequests.length
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect.poll(() => alert().textContent()).toBe('iss_mismatch')
    expect(genuineIss).toBe(app.provider.metadata.issuer)
    expect(new URL(page.url()).pathname).toBe('/oauth/callback/oidc')
    expect(app.provider.tokenRequests.length).toBe(before)
    expect(await connectionStatus()).toEqual({
      status: 200,
      body: { status: 'disconnected', via: 'direct' },
    })
    expect(await page.locator('#result').textContent()).toBe('')
  })
})
