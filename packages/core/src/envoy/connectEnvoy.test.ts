import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  connected,
  envoyAuthorizeUrl,
  envoyBff,
  envoyConfig,
  envoyRedirectUri,
  problem,
  rhombusRedirectUrl,
  versoriOrigin,
  versoriUrl,
} from '../__tests__/envoyFakes.js'
import {
  asWindow,
  fakeFetch,
  fakePopup,
  fakeWindow,
  json,
  origin,
  rejectsWith,
} from '../__tests__/fakes.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { rhombusSignIn } from '../rhombus/rhombusSignIn.js'
import type { EnvoyConnection } from '../wire.js'
import { connectEnvoy, envoyFlows } from './connectEnvoy.js'
import { envoyChanges } from './envoyConnection.js'

type Handler = Parameters<typeof fakeFetch>[0]

const flows = [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus]

function setup(handler: Handler = envoyBff(), href = `${origin}/settings?tab=envoy`) {
  const log: string[] = []
  const w = fakeWindow(href, log)
  const { fetch, calls } = fakeFetch(handler, log)
  const client = createDoorwayClient({ fetch, window: asWindow(w), flows })
  const popup = fakePopup()
  const usePopup = () =>
    w.open.mockImplementation(() => {
      log.push('open')
      return popup
    })
  const heard: EnvoyConnection[] = []
  const off = envoyChanges.subscribe((c) => heard.push(c))
  const post = (data: unknown, from: { origin?: string; source?: unknown } = {}) =>
    w.dispatchEvent(Object.assign(new Event('message'), { data, origin, source: popup, ...from }))
  return { w, log, calls, client, popup, usePopup, heard, off, post }
}

type Setup = ReturnType<typeof setup>

const urls = (s: Setup) => s.calls.map((c) => `${c.method} ${c.url}`)
const storedTx = (state: string) => JSON.parse(sessionStorage.getItem(`doorway:tx:${state}`)!)

let current: Setup | undefined
beforeEach(() => {
  sessionStorage.clear()
})
afterEach(() => {
  current?.off()
  current = undefined
})
const make = (...args: Parameters<typeof setup>) => {
  current = setup(...args)
  return current
}

describe('connectEnvoy, direct: the OAuth provider "envoy"', () => {
  it("sends the user to Envoy's exact authorize URL (no PKCE, state always sent) and keeps the transaction", async () => {
    const s = make()
    await expect(
      connectEnvoy(s.client, { via: 'direct', mode: 'redirect' }),
    ).resolves.toBeUndefined()
    const href = s.w.location.assign.mock.calls[0]![0]
    const state = new URL(href).searchParams.get('state')!
    expect(href).toBe(
      `${envoyAuthorizeUrl}?response_type=code&client_id=envoy-client&redirect_uri=${encodeURIComponent(envoyRedirectUri)}&scope=locations.read+token.refresh&state=${state}`,
    )
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const tx = storedTx(state)
    expect(tx).toMatchObject({
      flow: 'envoy',
      state,
      redirectUri: envoyRedirectUri,
      returnTo: '/settings?tab=envoy',
    })
    expect(tx.codeVerifier).toBeUndefined()
    expect(urls(s)).toEqual(['GET /bff/config', 'POST /bff/auth/envoy/state'])
  })

  it('26. binds the state to the session (POST /auth/envoy/state) before the user goes to Envoy', async () => {
    const s = make()
    await connectEnvoy(s.client, { via: 'direct', mode: 'redirect' })
    const href = s.w.location.assign.mock.calls[0]![0]
    const state = new URL(href).searchParams.get('state')!
    expect(s.log).toEqual(['fetch /bff/config', 'fetch /bff/auth/envoy/state', `assign ${href}`])
    const bind = s.calls.find((c) => c.url === '/bff/auth/envoy/state')!
    expect([bind.method, bind.headers['x-doorway-csrf'], bind.body]).toEqual([
      'POST',
      '1',
      { state },
    ])
  })

  it('a binding the BFF refuses ends the connect with its code; the popup closes unfilled', async () => {
    const s = make(
      envoyBff({ 'POST /bff/auth/envoy/state': () => problem('unauthenticated', 401) }),
    )
    s.usePopup()
    await rejectsWith(connectEnvoy(s.client, { via: 'direct' }), 'unauthenticated')
    expect(s.log[0]).toBe('open')
    expect(s.popup.location.replace).not.toHaveBeenCalled()
    expect(s.popup.close).toHaveBeenCalled()
    expect(sessionStorage.length).toBe(0)
  })

  it('5. 9. the callback is exchanged once at POST /auth/envoy/exchange {code, redirectUri, state}, and heard', async () => {
    const s = make()
    await connectEnvoy(s.client, { via: 'direct', mode: 'redirect', returnTo: '/envoy' })
    const state = new URL(s.w.location.assign.mock.calls[0]![0]).searchParams.get('state')!
    s.w.go(`${envoyRedirectUri}?code=envoy-code&state=${state}`)
    s.log.length = 0
    expect(s.client.callbackFlow()).toBe('envoy')
    const [a, b] = await Promise.all([s.client.handleCallback(), s.client.handleCallback()])
    expect(a).toEqual({ flow: 'envoy', returnTo: '/envoy', data: connected('direct') })
    expect(b).toEqual(a)
    // The address it left is no callback: a second effect (StrictMode) starts nothing.
    expect(s.client.callbackFlow()).toBeNull()
    expect(s.log).toEqual(['replaceState', 'fetch /bff/auth/envoy/exchange'])
    expect(s.w.location.href).toBe(envoyRedirectUri)
    const exchanges = s.calls.filter((c) => c.url === '/bff/auth/envoy/exchange')
    expect(exchanges.map((c) => c.body)).toEqual([
      { code: 'envoy-code', redirectUri: envoyRedirectUri, state },
    ])
    expect(s.heard).toEqual([connected('direct')])
  })

  it('popup mode: opens the popup in the click, fills it, and resolves with the connection', async () => {
    const s = make()
    s.usePopup()
    const pending = connectEnvoy(s.client, { via: 'direct' })
    expect(s.log[0]).toBe('open')
    await vi.waitFor(() => expect(s.popup.location.replace).toHaveBeenCalled())
    const authorize = new URL(vi.mocked(s.popup.location.replace).mock.calls[0]![0])
    expect(authorize.origin + authorize.pathname).toBe(envoyAuthorizeUrl)
    const state = authorize.searchParams.get('state')!
    s.post({ type: 'doorway:callback', url: `${envoyRedirectUri}?code=c&state=${state}` })
    await expect(pending).resolves.toEqual(connected('direct'))
    expect(s.popup.close).toHaveBeenCalled()
    expect(s.w.history.replaceState).not.toHaveBeenCalled()
  })

  it('a second call while one runs joins the same attempt', async () => {
    const s = make()
    s.usePopup()
    const first = connectEnvoy(s.client, { via: 'direct' })
    const second = connectEnvoy(s.client, { via: 'direct' })
    expect(s.w.open).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(s.popup.location.replace).toHaveBeenCalled())
    const state = new URL(vi.mocked(s.popup.location.replace).mock.calls[0]![0]).searchParams.get(
      'state',
    )
    s.post({ type: 'doorway:callback', url: `${envoyRedirectUri}?code=c&state=${state}` })
    await expect(first).resolves.toEqual(connected('direct'))
    await expect(second).resolves.toEqual(connected('direct'))
    expect(s.calls.filter((c) => c.url === '/bff/auth/envoy/exchange')).toHaveLength(1)
    expect(sessionStorage.length).toBe(0)
    // Once it settled, a new call is a new attempt.
    void connectEnvoy(s.client, { via: 'direct' }).catch(() => {})
    expect(s.w.open).toHaveBeenCalledTimes(2)
  })

  it('not_configured when the BFF serves no direct Envoy', async () => {
    const cfg = envoyConfig()
    delete cfg.providers.envoy
    const s = make(envoyBff({}, cfg))
    await rejectsWith(connectEnvoy(s.client, { via: 'direct', mode: 'redirect' }), 'not_configured')
    expect(sessionStorage.length).toBe(0)
  })

  it('12. refuses an unsafe returnTo before any network call', async () => {
    const s = make()
    await rejectsWith(
      connectEnvoy(s.client, { via: 'direct', mode: 'redirect', returnTo: 'https://evil.example' }),
      'invalid_return_to',
    )
    expect(s.calls).toHaveLength(0)
  })
})

describe('connectEnvoy, through Rhombus', () => {
  it('asks the BFF to initiate with our callback and the state as returnTo, and sends the user to redirectUrl', async () => {
    const s = make()
    await connectEnvoy(s.client, { via: 'rhombus', mode: 'redirect', returnTo: '/envoy' })
    const initiate = s.calls.find((c) => c.url === '/bff/envoy/rhombus/initiate')!
    const { returnTo } = initiate.body as { returnTo: string }
    const state = new URLSearchParams(returnTo.split('?')[1]).get('state')!
    expect(returnTo).toBe(`/oauth/callback/envoy-rhombus?state=${state}`)
    expect(initiate.method).toBe('POST')
    expect(s.w.location.assign).toHaveBeenCalledExactlyOnceWith(rhombusRedirectUrl)
    expect(storedTx(state)).toMatchObject({ flow: 'envoy-rhombus', returnTo: '/envoy' })
    expect(storedTx(state).data).toBeUndefined()
  })

  it('passes param through to initiateEnvoyOAuth', async () => {
    const s = make()
    await connectEnvoy(s.client, { via: 'rhombus', mode: 'redirect', param: 'sandbox-warning' })
    expect(s.calls.find((c) => c.url === '/bff/envoy/rhombus/initiate')?.body).toMatchObject({
      param: 'sandbox-warning',
    })
  })

  it('coming back: the same callback mechanism checks the state, then reads the connection; the warning survives the redirect', async () => {
    const s = make(
      envoyBff({
        'POST /bff/envoy/rhombus/initiate': () =>
          json({
            redirectUrl: rhombusRedirectUrl,
            warning: 'Envoy is already linked to another org.',
          }),
      }),
    )
    await connectEnvoy(s.client, { via: 'rhombus', mode: 'redirect', returnTo: '/envoy' })
    const { returnTo } = s.calls.find((c) => c.url === '/bff/envoy/rhombus/initiate')!.body as {
      returnTo: string
    }
    s.w.go(`${origin}${returnTo}`)
    s.calls.length = 0
    expect(s.client.callbackFlow()).toBe('envoy-rhombus')
    const result = await s.client.handleCallback()
    const connection = {
      ...connected('rhombus'),
      warning: 'Envoy is already linked to another org.',
    }
    expect(result).toEqual({ flow: 'envoy-rhombus', returnTo: '/envoy', data: connection })
    expect(urls(s)).toEqual(['GET /bff/envoy/connection?via=rhombus'])
    expect(s.w.location.href).toBe(`${origin}/oauth/callback/envoy-rhombus`)
    expect(s.heard).toEqual([connection])
  })

  it('4. a forged or missing state on the way back aborts before any network call', async () => {
    const s = make()
    await connectEnvoy(s.client, { via: 'rhombus', mode: 'redirect' })
    s.calls.length = 0
    await rejectsWith(
      s.client.handleCallback(`${origin}/oauth/callback/envoy-rhombus?state=forged`),
      'state_mismatch',
    )
    await rejectsWith(
      s.client.handleCallback(`${origin}/oauth/callback/envoy-rhombus?error=access_denied`),
      'state_mismatch',
    )
    expect(s.calls).toHaveLength(0)
  })

  it('8. an error Rhombus appends (the user declined at Envoy) becomes a typed error; no status read', async () => {
    const s = make()
    await connectEnvoy(s.client, { via: 'rhombus', mode: 'redirect' })
    const { returnTo } = s.calls.find((c) => c.url === '/bff/envoy/rhombus/initiate')!.body as {
      returnTo: string
    }
    s.calls.length = 0
    const error = await rejectsWith(
      s.client.handleCallback(
        `${origin}${returnTo}&error=access_denied&error_description=Denied+at+Envoy`,
      ),
      'access_denied',
    )
    expect(error.error_description).toBe('Denied at Envoy')
    expect(s.calls).toHaveLength(0)
  })

  it("Rhombus's error:true (answered by the BFF as upstream_error with errorMsg) is a typed error, nothing stored", async () => {
    const s = make(
      envoyBff({
        'POST /bff/envoy/rhombus/initiate': () =>
          problem('upstream_error', 502, 'Envoy integration is disabled for this organization'),
      }),
    )
    const error = await rejectsWith(
      connectEnvoy(s.client, { via: 'rhombus', mode: 'redirect' }),
      'upstream_error',
    )
    expect(error.message).toBe('Envoy integration is disabled for this organization')
    expect(error.status).toBe(502)
    expect(sessionStorage.length).toBe(0)
    expect(s.w.location.assign).not.toHaveBeenCalled()
  })

  it('popup mode (the default): the popup goes to redirectUrl and our callback page in it hands over', async () => {
    const s = make(
      envoyBff({
        'POST /bff/envoy/rhombus/initiate': () =>
          json({ redirectUrl: rhombusRedirectUrl, warning: 'Heads up' }),
      }),
    )
    s.usePopup()
    const pending = connectEnvoy(s.client, { via: 'rhombus' })
    expect(s.log[0]).toBe('open')
    await vi.waitFor(() =>
      expect(s.popup.location.replace).toHaveBeenCalledWith(rhombusRedirectUrl),
    )
    const { returnTo } = s.calls.find((c) => c.url === '/bff/envoy/rhombus/initiate')!.body as {
      returnTo: string
    }
    s.post({ type: 'doorway:callback', url: `${origin}${returnTo}` })
    await expect(pending).resolves.toEqual({ ...connected('rhombus'), warning: 'Heads up' })
  })
})

describe('connectEnvoy, through Versori', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('opens the popup before any await, initialises, points it at the URL unchanged, handshakes and completes', async () => {
    const s = make()
    s.usePopup()
    const removed = vi.spyOn(s.w, 'removeEventListener')
    const pending = connectEnvoy(s.client, {
      via: 'versori',
      prompt: 'consent',
      window: asWindow(s.w),
    })
    // Synchronously, in the click: the window is open before any request.
    expect(s.log).toEqual(['open', 'fetch /bff/config', 'fetch /bff/envoy/versori/initialise'])
    await vi.waitFor(() => expect(s.popup.location.replace).toHaveBeenCalledWith(versoriUrl))
    expect(s.calls.find((c) => c.url === '/bff/envoy/versori/initialise')?.body).toEqual({
      prompt: 'consent',
    })
    await vi.advanceTimersByTimeAsync(500)
    expect(s.popup.postMessage).toHaveBeenCalledWith(
      { type: 'hello', payload: { state: 'versori-state-1' } },
      versoriOrigin,
    )
    s.post(
      { type: 'response', payload: { search: '?code=versori-code&state=versori-state-1' } },
      { origin: versoriOrigin },
    )
    await expect(pending).resolves.toEqual({
      status: 'connected',
      via: 'versori',
      scopes: ['locations.read'],
    })
    expect(s.calls.find((c) => c.url === '/bff/envoy/versori/complete')?.body).toEqual({
      code: 'versori-code',
      state: 'versori-state-1',
    })
    expect(s.popup.close).toHaveBeenCalled()
    expect(removed).toHaveBeenCalledWith('message', expect.any(Function))
    expect(vi.getTimerCount()).toBe(0)
    expect(s.heard.at(-1)).toMatchObject({ via: 'versori', status: 'connected' })
  })

  it('refuses redirect mode with not_supported, before opening anything or calling the BFF', async () => {
    const s = make()
    s.usePopup()
    const error = await rejectsWith(
      connectEnvoy(s.client, { via: 'versori', mode: 'redirect', window: asWindow(s.w) }),
      'not_supported',
    )
    expect(error.message).toMatch(/popup/)
    expect(s.w.open).not.toHaveBeenCalled()
    expect(s.calls).toHaveLength(0)
  })

  it('popup_blocked with no network call', async () => {
    const s = make()
    await rejectsWith(
      connectEnvoy(s.client, { via: 'versori', window: asWindow(s.w) }),
      'popup_blocked',
    )
    expect(s.calls).toHaveLength(0)
  })

  it('the BFF refusing to initialise closes the popup and keeps its code', async () => {
    const s = make(
      envoyBff({ 'POST /bff/envoy/versori/initialise': () => problem('not_configured', 501) }),
    )
    s.usePopup()
    await rejectsWith(
      connectEnvoy(s.client, { via: 'versori', window: asWindow(s.w) }),
      'not_configured',
    )
    expect(s.popup.close).toHaveBeenCalled()
    expect(s.popup.location.replace).not.toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('not_configured when /config names no Versori callback origin; the popup is closed', async () => {
    const cfg = envoyConfig()
    delete cfg.versori
    const s = make(envoyBff({}, cfg))
    s.usePopup()
    await rejectsWith(
      connectEnvoy(s.client, { via: 'versori', window: asWindow(s.w) }),
      'not_configured',
    )
    expect(s.popup.close).toHaveBeenCalled()
  })

  it('popup_closed when the user closes it; no completion is sent', async () => {
    const s = make()
    s.usePopup()
    const pending = connectEnvoy(s.client, { via: 'versori', window: asWindow(s.w) })
    const outcome = pending.catch((e: unknown) => e)
    await vi.waitFor(() => expect(s.popup.location.replace).toHaveBeenCalled())
    s.popup.closed = true
    await vi.advanceTimersByTimeAsync(1_000)
    await rejectsWith(
      outcome.then((e) => Promise.reject(e)),
      'popup_closed',
    )
    expect(s.calls.some((c) => c.url === '/bff/envoy/versori/complete')).toBe(false)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('timeout after timeoutMs', async () => {
    const s = make()
    s.usePopup()
    const outcome = connectEnvoy(s.client, {
      via: 'versori',
      timeoutMs: 5_000,
      window: asWindow(s.w),
    }).catch((e: unknown) => e)
    await vi.waitFor(() => expect(s.popup.location.replace).toHaveBeenCalled())
    await vi.advanceTimersByTimeAsync(5_000)
    await rejectsWith(
      outcome.then((e) => Promise.reject(e)),
      'timeout',
    )
    expect(s.popup.close).toHaveBeenCalled()
    expect(vi.getTimerCount()).toBe(0)
  })
})

it('bad_request for an unknown way', async () => {
  const s = make()
  await rejectsWith(
    connectEnvoy(s.client, { via: 'carrier-pigeon' as 'direct', mode: 'redirect' }),
    'bad_request',
  )
  expect(s.calls).toHaveLength(0)
})
