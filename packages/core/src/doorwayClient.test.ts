import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  asWindow,
  bff,
  consoleUrl,
  fakeFetch,
  fakePopup,
  fakeWindow,
  json,
  memoryStorage,
  origin,
  redirectUri,
  rejectsWith,
  signedIn,
} from './__tests__/fakes.js'
import { createPKCE } from './authorizeRequest.js'
import { createDoorwayClient } from './doorwayClient.js'
import { createTransactionStore, transactionTtlMs } from './transactionStore.js'
import type { RhombusProtocol } from './wire.js'

const exchangeUrl = '/bff/auth/rhombus/exchange'
const enc = encodeURIComponent

function setup({
  protocol = 'oauth2' as RhombusProtocol,
  handler = bff(protocol),
  href = `${origin}/dashboard?tab=1#top`,
  ...options
}: {
  protocol?: RhombusProtocol
  handler?: Parameters<typeof fakeFetch>[0]
  href?: string
  storage?: Storage
  now?: () => number
  popupTimeoutMs?: number
} = {}) {
  const log: string[] = []
  const w = fakeWindow(href, log)
  const { fetch, calls } = fakeFetch(handler, log)
  const client = createDoorwayClient({ fetch, window: asWindow(w), ...options })
  const exchanges = () => calls.filter((c) => c.url === exchangeUrl)
  return { w, log, calls, client, fetch, exchanges }
}

type Setup = ReturnType<typeof setup>

async function startRedirect(s: Setup, returnTo?: string) {
  await s.client.signIn('rhombus', { mode: 'redirect', ...(returnTo && { returnTo }) })
  const authorize = new URL(s.w.location.assign.mock.calls.at(-1)![0])
  const state = authorize.searchParams.get('state')!
  return { authorize, state }
}

// The BFF refuses the code (invalid_grant); everything else answers as usual.
const refusesExchange: Parameters<typeof fakeFetch>[0] = (url) =>
  url === exchangeUrl
    ? json({ code: 'invalid_grant', status: 400 }, 400, 'application/problem+json')
    : bff()(url)

const storedTx = (state: string) => JSON.parse(sessionStorage.getItem(`doorway:tx:${state}`)!)

beforeEach(() => {
  sessionStorage.clear()
  localStorage.clear()
})

describe('signIn, redirect mode', () => {
  it('2. oauth2: navigates to the exact authorize URL with an S256 challenge of the stored verifier', async () => {
    const s = setup()
    const { authorize, state } = await startRedirect(s)
    const tx = storedTx(state)
    const { codeChallenge } = await createPKCE(tx.codeVerifier)
    expect(authorize.origin + authorize.pathname).toBe(`${consoleUrl}/oauth/authorize`)
    expect(authorize.search).toBe(
      `?client_id=sandbox-client&redirect_uri=${enc(redirectUri)}&response_type=code&state=${state}&code_challenge=${codeChallenge}&code_challenge_method=S256`,
    )
    expect(tx).toMatchObject({
      flow: 'rhombus',
      state,
      redirectUri,
      returnTo: '/dashboard?tab=1#top',
    })
    expect(tx.codeVerifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/)
    expect(tx.expiresAt - Date.now()).toBeGreaterThan(transactionTtlMs - 60_000)
    expect(tx.expiresAt - Date.now()).toBeLessThanOrEqual(transactionTtlMs)
    expect(s.calls.map((c) => c.url)).toEqual(['/bff/config'])
  })

  it('2. legacy: navigates to the exact /login URL of the published guide', async () => {
    const s = setup({ protocol: 'legacy' })
    const { authorize, state } = await startRedirect(s, '/cameras')
    const { codeChallenge } = await createPKCE(storedTx(state).codeVerifier)
    expect(authorize.origin + authorize.pathname).toBe(`${consoleUrl}/login`)
    expect(authorize.search).toBe(
      `?type=oauth&client_id=sandbox-client&redirect=${enc(redirectUri)}&state=${state}&challenge=${codeChallenge}`,
    )
    expect(storedTx(state).returnTo).toBe('/cameras')
  })

  it('3. every attempt gets a fresh verifier and state; the config is fetched once', async () => {
    const s = setup()
    const first = await startRedirect(s)
    const second = await startRedirect(s)
    expect(first.state).not.toBe(second.state)
    expect(storedTx(first.state).codeVerifier).not.toBe(storedTx(second.state).codeVerifier)
    expect(s.calls.filter((c) => c.url === '/bff/config')).toHaveLength(1)
  })

  it('a double click starts one attempt', async () => {
    const s = setup()
    const a = s.client.signIn('rhombus')
    const b = s.client.signIn('rhombus')
    expect(b).toBe(a)
    await a
    expect(s.w.location.assign).toHaveBeenCalledTimes(1)
    expect(sessionStorage.length).toBe(1)
  })

  it('12. refuses an unsafe returnTo before any network call', async () => {
    const s = setup()
    await rejectsWith(
      s.client.signIn('rhombus', { returnTo: '//evil.example' }),
      'invalid_return_to',
    )
    expect(s.calls).toHaveLength(0)
    expect(s.w.location.assign).not.toHaveBeenCalled()
    expect(sessionStorage.length).toBe(0)
  })

  it('reports not_configured when the BFF serves no Rhombus, and fetches the config again later', async () => {
    let providers = {}
    const s = setup({
      handler: (url) => (url === '/bff/config' ? json({ providers }) : bff()(url)),
    })
    const error = await rejectsWith(s.client.signIn('rhombus'), 'not_configured')
    // What to do reaches the browser, not only the code (the BFF's startup log names the variables).
    expect(error.hint).toBe('The BFF is not configured for this: see its log.')
    expect(error.message).toBe(error.hint)
    await s.client.getConfig()
    const failing = setup({ handler: () => Promise.reject(new TypeError('down')) })
    await rejectsWith(failing.client.getConfig(), 'network_error')
    await rejectsWith(failing.client.getConfig(), 'network_error')
    expect(failing.calls).toHaveLength(2)
    providers = { rhombus: {} }
    expect(s.calls.filter((c) => c.url === '/bff/config')).toHaveLength(1)
  })
})

describe('handleCallback', () => {
  it('9. strips code and state from the address bar before the one exchange, keeping history.state', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    const { codeVerifier } = storedTx(state)
    s.w.go(`${redirectUri}?code=abc&state=${state}&iss=https%3A%2F%2Fas.example&keep=1#frag`)
    s.log.length = 0
    await expect(s.client.handleCallback()).resolves.toEqual({
      flow: 'rhombus',
      session: signedIn,
      returnTo: '/dashboard?tab=1#top',
    })
    expect(s.log).toEqual(['replaceState', `fetch ${exchangeUrl}`])
    expect(s.w.history.replaceState).toHaveBeenCalledWith(
      { router: 'kept' },
      '',
      `${redirectUri}?keep=1#frag`,
    )
    expect(s.w.location.href).toBe(`${redirectUri}?keep=1#frag`)
    expect(s.exchanges().map((c) => c.body)).toEqual([{ code: 'abc', codeVerifier, redirectUri }])
    expect(sessionStorage.getItem(`doorway:tx:${state}`)).toBeNull()
  })

  it('leaves an address bar that shows another page alone', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    await expect(
      s.client.handleCallback(`${redirectUri}?code=abc&state=${state}`),
    ).resolves.toMatchObject({
      session: signedIn,
    })
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
    expect(s.client.callbackFlow()).toBeNull()
    await expect(s.client.handleCallback()).resolves.toBeNull()
    expect(s.exchanges()).toHaveLength(1)
  })

  it('5. StrictMode double effects, repeated calls and a second client make exactly one exchange', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    const url = `${redirectUri}?code=abc&state=${state}`
    s.w.go(url)
    // StrictMode: the second effect reads the address bar the first one already cleaned.
    const [a, b] = await Promise.all([s.client.handleCallback(), s.client.handleCallback()])
    expect(s.w.location.href).toBe(redirectUri)
    expect(a).toMatchObject({ session: signedIn })
    expect(b).toEqual(a)
    // The address it left is no callback (a second effect has nothing to start), yet
    // handleCallback there still gives the result.
    expect(s.client.callbackFlow()).toBeNull()
    await expect(s.client.handleCallback()).resolves.toEqual(a)
    await expect(s.client.handleCallback(url)).resolves.toEqual(a)
    const other = createDoorwayClient({ fetch: s.fetch, window: asWindow(s.w) })
    await expect(other.handleCallback(url)).resolves.toEqual(a)
    expect(s.exchanges()).toHaveLength(1)
  })

  it('5. a reload of the callback URL in a new page does not exchange again', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    const url = `${redirectUri}?code=abc&state=${state}`
    await s.client.handleCallback(url)
    vi.resetModules()
    const fresh = await import('./doorwayClient.js')
    const page = setup()
    const reloaded = fresh.createDoorwayClient({ fetch: page.fetch, window: asWindow(page.w) })
    await rejectsWith(reloaded.handleCallback(url), 'state_mismatch')
    expect(page.calls).toHaveLength(0)
    expect(s.exchanges()).toHaveLength(1)
  })

  it('4. a second tab (without the transaction) aborts before any network call', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    vi.resetModules()
    const fresh = await import('./doorwayClient.js')
    const tab = setup({ href: `${redirectUri}?code=abc&state=${state}` })
    const client = fresh.createDoorwayClient({
      fetch: tab.fetch,
      window: asWindow(tab.w),
      storage: memoryStorage(),
    })
    await rejectsWith(client.handleCallback(), 'state_mismatch')
    expect(tab.calls).toHaveLength(0)
    expect(tab.w.history.replaceState).not.toHaveBeenCalled()
  })

  it('4. a missing state aborts before any network call, leaving the URL alone', async () => {
    const s = setup()
    await startRedirect(s)
    s.w.go(`${redirectUri}?code=abc`)
    s.calls.length = 0
    await rejectsWith(s.client.handleCallback(), 'state_mismatch')
    expect(s.calls).toHaveLength(0)
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
    expect(s.w.location.href).toBe(`${redirectUri}?code=abc`)
  })

  it('4. an unknown state aborts before any network call, leaving the URL alone', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    s.w.go(`${redirectUri}?code=abc&state=forged-${state}`)
    s.calls.length = 0
    await rejectsWith(s.client.handleCallback(), 'state_mismatch')
    expect(s.calls).toHaveLength(0)
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
    expect(sessionStorage.getItem(`doorway:tx:${state}`)).not.toBeNull()
  })

  it('4. an expired transaction aborts before any network call', async () => {
    let time = 1_000_000
    const s = setup({ now: () => time })
    const { state } = await startRedirect(s)
    time += transactionTtlMs
    s.w.go(`${redirectUri}?code=abc&state=${state}`)
    s.calls.length = 0
    await rejectsWith(s.client.handleCallback(), 'transaction_expired')
    expect(s.calls).toHaveLength(0)
    expect(sessionStorage.getItem(`doorway:tx:${state}`)).toBeNull()
  })

  it("4. 6. a transaction started by another flow is never exchanged at Rhombus's endpoint", async () => {
    const s = setup()
    createTransactionStore(sessionStorage, Date.now).save({
      flow: 'envoy',
      state: 'envoy-state',
      codeVerifier: 'v'.repeat(43),
      redirectUri: `${origin}/oauth/callback/envoy`,
      returnTo: '/',
    })
    s.w.go(`${redirectUri}?code=abc&state=envoy-state`)
    await rejectsWith(s.client.handleCallback(), 'state_mismatch')

    const { state } = await startRedirect(s)
    s.w.go(`${origin}/oauth/callback/envoy?code=abc&state=${state}`)
    await rejectsWith(s.client.handleCallback(), 'state_mismatch')
    expect(s.calls.map((c) => c.url)).toEqual(['/bff/config'])
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
  })

  it('6. callbacks on a path that is not ours are left alone', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    for (const url of [
      `${origin}/auth/callback?code=abc&state=${state}`,
      `${origin}/oauth/callback?code=abc&state=${state}`,
      `${redirectUri}?unrelated=1`,
    ]) {
      s.w.go(url)
      expect(s.client.callbackFlow()).toBeNull()
      await expect(s.client.handleCallback()).resolves.toBeNull()
      expect(s.w.location.href).toBe(url)
    }
    expect(s.calls.map((c) => c.url)).toEqual(['/bff/config'])
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
    expect(storedTx(state)).not.toBeNull()
    s.w.go(`${redirectUri}?code=abc&state=${state}`)
    // Known before anything is exchanged, so that the app attributes the outcome to its flow.
    expect(s.client.callbackFlow()).toBe('rhombus')
    expect(s.calls.map((c) => c.url)).toEqual(['/bff/config'])
  })

  it('8. authorization errors become typed errors with the description kept; no exchange', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    s.w.go(
      `${redirectUri}?error=access_denied&error_description=The+user+denied&error_uri=https%3A%2F%2Fe.example&state=${state}`,
    )
    const error = await rejectsWith(s.client.handleCallback(), 'access_denied')
    expect(error).toMatchObject({
      error: 'access_denied',
      error_description: 'The user denied',
      error_uri: 'https://e.example',
      message: 'The user denied',
    })
    expect(error.hint).toBeTruthy()
    expect(s.w.location.href).toBe(redirectUri)
    expect(s.exchanges()).toHaveLength(0)
  })

  it("8. a provider's own error code is upstream_error, kept as error", async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    s.w.go(`${redirectUri}?error=org_suspended&state=${state}`)
    const error = await rejectsWith(s.client.handleCallback(), 'upstream_error')
    expect(error.error).toBe('org_suspended')
    expect(s.exchanges()).toHaveLength(0)
  })

  it('a callback with neither code, token nor error is invalid_callback, with no exchange', async () => {
    const s = setup()
    const { state } = await startRedirect(s)
    s.w.go(`${redirectUri}?state=${state}`)
    await rejectsWith(s.client.handleCallback(), 'invalid_callback')
    expect(s.exchanges()).toHaveLength(0)
  })

  it('legacy extras: isPartner and a pre-exchanged accessToken go to the BFF', async () => {
    const s = setup({ protocol: 'legacy' })
    const first = await startRedirect(s)
    const { codeVerifier } = storedTx(first.state)
    await s.client.handleCallback(`${redirectUri}?code=abc&state=${first.state}&isPartner=true`)
    const second = await startRedirect(s)
    s.w.go(`${redirectUri}?accessToken=tok-1&isPartner=false&state=${second.state}`)
    await s.client.handleCallback()
    expect(s.w.location.href).toBe(redirectUri)
    expect(s.exchanges().map((c) => c.body)).toEqual([
      { code: 'abc', codeVerifier, redirectUri, isPartner: true },
      { redirectUri, accessToken: 'tok-1' },
    ])
  })

  it('a failed exchange is not retried', async () => {
    const s = setup({ handler: refusesExchange })
    const { state } = await startRedirect(s)
    s.w.go(`${redirectUri}?code=abc&state=${state}`)
    const url = s.w.location.href
    await rejectsWith(s.client.handleCallback(), 'invalid_grant')
    await rejectsWith(s.client.handleCallback(url), 'invalid_grant')
    expect(s.exchanges()).toHaveLength(1)
  })

  it("a failed flow's error says where its attempt started (returnTo); a state mismatch's says nothing", async () => {
    const s = setup({ handler: refusesExchange })
    const denied = await startRedirect(s, '/reports?tab=2#top')
    s.w.go(`${redirectUri}?error=access_denied&state=${denied.state}`)
    const deny = await rejectsWith(s.client.handleCallback(), 'access_denied')
    expect(deny.returnTo).toBe('/reports?tab=2#top')
    // A refused code: the same.
    const refused = await startRedirect(s, '/devices')
    s.w.go(`${redirectUri}?code=abc&state=${refused.state}`)
    const exchange = await rejectsWith(s.client.handleCallback(), 'invalid_grant')
    expect(exchange.returnTo).toBe('/devices')
    // No transaction matches: nothing says where it started.
    s.w.go(`${redirectUri}?error=access_denied&state=forged-${refused.state}`)
    const mismatch = await rejectsWith(s.client.handleCallback(), 'state_mismatch')
    expect(mismatch.returnTo).toBeUndefined()
  })
})

describe('signIn, popup mode', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  async function startPopup(options: Parameters<typeof setup>[0] = {}) {
    const s = setup(options)
    const popup = fakePopup()
    s.w.open.mockImplementation(() => {
      s.log.push('open')
      return popup
    })
    const removed = vi.spyOn(s.w, 'removeEventListener')
    const pending = s.client.signIn('rhombus', { mode: 'popup', returnTo: '/after' })
    // Synchronously, in the click: the window is open before any await.
    expect(s.w.open).toHaveBeenCalledWith('', 'doorway:popup', 'popup,width=500,height=700')
    expect(s.log[0]).toBe('open')
    const outcome = pending.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    await vi.waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    const authorize = new URL(vi.mocked(popup.location.replace).mock.calls[0]![0])
    const state = authorize.searchParams.get('state')!
    const post = (data: unknown, from: { origin?: string; source?: unknown } = {}) =>
      s.w.dispatchEvent(
        Object.assign(new Event('message'), { data, origin, source: popup, ...from }),
      )
    const callback = (query = `code=abc&state=${state}`) => ({
      type: 'doorway:callback',
      url: `${redirectUri}?${query}`,
    })
    // The popup's timeout is gone; a signed-in session leaves its expiry timer.
    const cleanedUp = (sessionTimers = 0) => {
      expect(removed).toHaveBeenCalledWith('message', expect.any(Function))
      expect(vi.getTimerCount()).toBe(sessionTimers)
      expect(popup.close).toHaveBeenCalled()
    }
    return { ...s, popup, pending, outcome, authorize, state, post, callback, cleanedUp }
  }

  it('11. accepts the result only from its own origin and its own popup, then exchanges it once', async () => {
    const p = await startPopup()
    p.post(p.callback(), { origin: 'https://evil.example' })
    p.post(p.callback(), { source: {} })
    p.post(p.callback(), { source: null })
    p.post({ ...p.callback(), type: 'something:else' })
    p.post({ type: 'doorway:callback', url: 42 })
    p.post('doorway:callback')
    await vi.advanceTimersByTimeAsync(0)
    expect(p.exchanges()).toHaveLength(0)
    const { codeVerifier } = storedTx(p.state)

    p.post(p.callback())
    p.post(p.callback())
    await expect(p.pending).resolves.toEqual(signedIn)
    expect(p.exchanges().map((c) => c.body)).toEqual([{ code: 'abc', codeVerifier, redirectUri }])
    expect(p.w.history.replaceState).not.toHaveBeenCalled()
    p.cleanedUp(1)
  })

  it('2. fills the popup with the authorize URL', async () => {
    const p = await startPopup({ protocol: 'legacy' })
    expect(p.authorize.origin + p.authorize.pathname).toBe(`${consoleUrl}/login`)
    expect(storedTx(p.state).returnTo).toBe('/after')
    p.post(p.callback())
    await p.outcome
  })

  it('a second signIn while the popup is open returns the same attempt', async () => {
    const p = await startPopup()
    expect(p.client.signIn('rhombus', { mode: 'popup' })).toBe(p.pending)
    expect(p.w.open).toHaveBeenCalledTimes(1)
    p.post(p.callback())
    await p.outcome
  })

  it('popup_blocked when the browser blocks the window, with no network call', async () => {
    const s = setup()
    await rejectsWith(s.client.signIn('rhombus', { mode: 'popup' }), 'popup_blocked')
    expect(s.calls).toHaveLength(0)
    expect(sessionStorage.length).toBe(0)
  })

  it('popup_closed when the user closes the popup', async () => {
    const p = await startPopup()
    p.popup.closed = true
    await vi.advanceTimersByTimeAsync(1_000)
    await rejectsWith(p.pending, 'popup_closed')
    expect(p.exchanges()).toHaveLength(0)
    p.cleanedUp()
  })

  it('a message posted just before the popup closes itself still counts', async () => {
    const p = await startPopup()
    await vi.advanceTimersByTimeAsync(400)
    p.popup.closed = true
    await vi.advanceTimersByTimeAsync(200)
    p.post(p.callback())
    await expect(p.pending).resolves.toEqual(signedIn)
    p.cleanedUp(1)
  })

  it('timeout when nothing comes back in time', async () => {
    const p = await startPopup({ popupTimeoutMs: 5_000 })
    await vi.advanceTimersByTimeAsync(5_000)
    await rejectsWith(p.pending, 'timeout')
    p.cleanedUp()
  })

  it('4. a result for another state is refused without an exchange', async () => {
    const p = await startPopup()
    p.post(p.callback('code=abc&state=someone-elses'))
    await rejectsWith(p.pending, 'state_mismatch')
    expect(p.exchanges()).toHaveLength(0)
    p.cleanedUp()
  })

  it('8. an authorization error in the popup rejects with its code', async () => {
    const p = await startPopup()
    p.post(p.callback(`error=access_denied&error_description=No&state=${p.state}`))
    const error = await rejectsWith(p.pending, 'access_denied')
    expect(error.error_description).toBe('No')
    p.cleanedUp()
  })
})

describe('handleCallback inside the popup', () => {
  it('11. posts the callback to its opener with an explicit target origin and closes', async () => {
    const url = `${redirectUri}?code=abc&state=s1`
    const s = setup({ href: url })
    const opener = { postMessage: vi.fn() }
    Object.assign(s.w, { opener, name: 'doorway:popup' })
    await expect(s.client.handleCallback()).resolves.toBeNull()
    expect(opener.postMessage).toHaveBeenCalledExactlyOnceWith(
      { type: 'doorway:callback', url },
      'http://localhost:5173',
    )
    expect(s.w.close).toHaveBeenCalled()
    expect(s.calls).toHaveLength(0)
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
  })

  it('a window opened by someone else (another name) is not our popup', async () => {
    const s = setup({ href: `${redirectUri}?code=abc&state=s2` })
    const opener = { postMessage: vi.fn() }
    Object.assign(s.w, { opener, name: 'other' })
    await rejectsWith(s.client.handleCallback(), 'state_mismatch')
    expect(opener.postMessage).not.toHaveBeenCalled()
  })
})

describe('session changes', () => {
  it('reach listeners in this tab and, by BroadcastChannel, in the others', async () => {
    expect(typeof BroadcastChannel).toBe('function')
    const tab1 = setup()
    const tab2 = setup()
    const here = vi.fn()
    const there = vi.fn()
    const off1 = tab1.client.subscribe(here)
    const off2 = tab2.client.subscribe(there)

    const { state } = await startRedirect(tab1)
    await tab1.client.handleCallback(`${redirectUri}?code=abc&state=${state}`)
    expect(here).toHaveBeenLastCalledWith(signedIn)
    await vi.waitFor(() => expect(there).toHaveBeenLastCalledWith(signedIn))

    await tab1.client.signOut()
    expect(here).toHaveBeenLastCalledWith({ authenticated: false })
    await vi.waitFor(() => expect(there).toHaveBeenLastCalledWith({ authenticated: false }))
    expect(here).toHaveBeenCalledTimes(2)

    off1()
    await tab2.client.signOut()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(here).toHaveBeenCalledTimes(2)
    expect(there).toHaveBeenCalledTimes(3)
    off2()
  })

  it('signOut({everywhere: true}) asks the BFF to end every session and tells the other tabs', async () => {
    const tab1 = setup()
    const tab2 = setup()
    const there = vi.fn()
    const off = tab2.client.subscribe(there)
    await expect(tab1.client.signOut({ everywhere: true })).resolves.toEqual({
      authenticated: false,
    })
    expect(tab1.calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['POST', '/bff/auth/signout', { everywhere: true }],
    ])
    await vi.waitFor(() => expect(there).toHaveBeenCalledWith({ authenticated: false }))
    await tab1.client.signOut()
    expect(tab1.calls[1]?.body).toBeNull()
    off()
  })

  it('a tab without listeners still tells the others', async () => {
    const tab1 = setup()
    const tab2 = setup()
    const there = vi.fn()
    const off = tab2.client.subscribe(there)
    await tab1.client.signOut()
    await vi.waitFor(() => expect(there).toHaveBeenCalledWith({ authenticated: false }))
    off()
  })

  it('nothing touches window when the client is created, subscribed to or asked for the session', async () => {
    const trap = new Proxy(
      {},
      {
        get() {
          throw new Error('window touched')
        },
      },
    ) as Window
    const { fetch } = fakeFetch()
    const client = createDoorwayClient({ fetch, window: trap })
    const off = client.subscribe(() => {})
    await expect(client.getSession()).resolves.toEqual(signedIn)
    await expect(client.rhombus.request('/user/getUsersInOrg'))
      .resolves.toEqual({
        code: 'not_found',
        status: 404,
      })
      .catch(() => {})
    off()
  })
})
