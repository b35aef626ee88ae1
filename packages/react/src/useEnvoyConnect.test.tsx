import { type EnvoyConnection, envoyChanges } from '@doorway/core'
import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  envoyHarness,
  rhombusRedirectUrl,
  settle,
  signedOut,
  versoriOrigin,
  versoriUrl,
} from './__tests__/envoyHarness.js'
import { deferred } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import { useRhombusLogin } from './sessionQueries.js'
import { useEnvoyConnect } from './useEnvoyConnect.js'

/** Another tab's Envoy changes, as core's broadcast posts them on `BroadcastChannel('doorway')`. */
function anotherTab() {
  const channel = new BroadcastChannel('doorway')
  return {
    otherTab: (value: EnvoyConnection) => channel.postMessage({ type: 'doorway:envoy', value }),
    off: () => channel.close(),
  }
}

beforeEach(() => {
  sessionStorage.clear()
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

function render(via: 'direct' | 'rhombus' | 'versori', h = envoyHarness()) {
  const hook = renderHook(() => ({ envoy: useEnvoyConnect({ via }), login: useRhombusLogin() }), {
    wrapper: h.wrapper,
  })
  return { ...h, hook, envoy: () => hook.result.current.envoy }
}

describe('useEnvoyConnect', () => {
  it('is loading, then disconnected, with the connection read as a query', async () => {
    const t = render('direct')
    expect(t.envoy()).toMatchObject({ status: 'disconnected', isLoading: true, error: null })
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    expect(t.envoy()).toMatchObject({
      status: 'disconnected',
      connection: { status: 'disconnected', via: 'direct' },
      isAvailable: true,
      warning: undefined,
    })
    expect(t.queryClient.getQueryData(doorwayKeys.envoy('connection', 'direct'))).toEqual({
      status: 'disconnected',
      via: 'direct',
    })
  })

  it('direct, popup: opens the popup synchronously in connect(), is connecting, then connected', async () => {
    const t = render('direct')
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    t.log.length = 0
    act(() => t.envoy().connect())
    // No await between the call and this line: a popup opened later would be blocked.
    expect(t.log[0]).toBe('open')
    await waitFor(() => expect(t.envoy().status).toBe('connecting'))
    await waitFor(() => expect(t.popup.location.replace).toHaveBeenCalled())
    const state = t.popupState()
    // The state was bound to the session before the popup went to Envoy (config already read).
    expect(t.log).toEqual(['open', 'fetch POST /bff/auth/envoy/state'])
    expect(t.calls.find((c) => c.url === '/bff/auth/envoy/state')?.body).toEqual({ state })
    t.callback('envoy', `code=c1&state=${state}`)
    await waitFor(() => expect(t.envoy().status).toBe('connected'))
    expect(t.envoy().connection).toEqual({ status: 'connected', via: 'direct', companyId: '10000' })
    expect(
      t.calls.filter((c) => c.url === '/bff/auth/envoy/exchange').map((c) => c.body),
    ).toMatchObject([{ code: 'c1', state }])
  })

  it("direct: a binding the BFF refuses is the way's error, and the popup closes unfilled", async () => {
    const t = render(
      'direct',
      envoyHarness({
        overrides: {
          'POST /bff/auth/envoy/state': () =>
            new Response(JSON.stringify({ code: 'forbidden', status: 403 }), {
              status: 403,
              headers: { 'content-type': 'application/problem+json' },
            }),
        },
      }),
    )
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    act(() => t.envoy().connect())
    await waitFor(() => expect(t.envoy().status).toBe('error'))
    expect(t.envoy().error?.code).toBe('forbidden')
    expect(t.popup.location.replace).not.toHaveBeenCalled()
    expect(t.popup.close).toHaveBeenCalled()
    expect(t.calls.some((c) => c.url === '/bff/auth/envoy/exchange')).toBe(false)
  })

  it('a second connect while one runs does nothing', async () => {
    const t = render('direct')
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    act(() => t.envoy().connect())
    await waitFor(() => expect(t.envoy().status).toBe('connecting'))
    act(() => t.envoy().connect())
    expect(t.open).toHaveBeenCalledTimes(1)
    t.popup.closed = true
    await waitFor(() => expect(t.envoy().status).toBe('error'), { timeout: 2_000 })
    expect(t.envoy().error?.code).toBe('popup_closed')
  })

  it('errors are state: popup_blocked is status error with its code, onError is called, and a retry clears it', async () => {
    const t = render('direct')
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    t.open.mockReturnValueOnce(null)
    const onError = vi.fn()
    act(() => t.envoy().connect(undefined, onError))
    await waitFor(() => expect(t.envoy().status).toBe('error'))
    expect(t.envoy().error?.code).toBe('popup_blocked')
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'popup_blocked' })
    act(() => t.envoy().connect())
    await waitFor(() => expect(t.envoy().status).toBe('connecting'))
    expect(t.envoy().error).toBeNull()
  })

  it('through Rhombus: the warning surfaces, and the connection comes back from the callback', async () => {
    const t = render(
      'rhombus',
      envoyHarness({
        overrides: {
          'POST /bff/envoy/rhombus/initiate': () =>
            Response.json({
              redirectUrl: rhombusRedirectUrl,
              warning: 'Already linked elsewhere.',
            }),
        },
      }),
    )
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    act(() => t.envoy().connect())
    await waitFor(() => expect(t.popup.location.replace).toHaveBeenCalledWith(rhombusRedirectUrl))
    const initiate = t.calls.find((c) => c.url === '/bff/envoy/rhombus/initiate')!
    const { returnTo } = initiate.body as { returnTo: string }
    t.connected('rhombus')
    t.callback('envoy-rhombus', returnTo.split('?')[1]!)
    await waitFor(() => expect(t.envoy().status).toBe('connected'))
    expect(t.envoy().warning).toBe('Already linked elsewhere.')
    expect(t.envoy().connection?.companyId).toBe('10000')
  })

  it("through Rhombus: Rhombus's errorMsg (upstream_error) is a typed error", async () => {
    const t = render(
      'rhombus',
      envoyHarness({
        overrides: {
          'POST /bff/envoy/rhombus/initiate': () =>
            new Response(
              JSON.stringify({ code: 'upstream_error', status: 502, detail: 'No integration.' }),
              { status: 502, headers: { 'content-type': 'application/problem+json' } },
            ),
        },
      }),
    )
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    act(() => t.envoy().connect())
    await waitFor(() => expect(t.envoy().status).toBe('error'))
    expect(t.envoy().error).toMatchObject({ code: 'upstream_error', message: 'No integration.' })
    expect(t.popup.close).toHaveBeenCalled()
  })

  it('through Versori: handshake in the popup, then connected; redirect mode is refused', async () => {
    const t = render('versori')
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    act(() => t.envoy().connect({ mode: 'redirect' }))
    await waitFor(() => expect(t.envoy().error?.code).toBe('not_supported'))
    expect(t.open).not.toHaveBeenCalled()

    act(() => t.envoy().connect())
    expect(t.open).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(t.popup.location.replace).toHaveBeenCalledWith(versoriUrl))
    await waitFor(() => expect(t.popup.postMessage).toHaveBeenCalled(), { timeout: 2_000 })
    expect(t.popup.postMessage).toHaveBeenLastCalledWith(
      { type: 'hello', payload: { state: 'versori-state-1' } },
      versoriOrigin,
    )
    t.post(
      { type: 'response', payload: { search: '?code=v1&state=versori-state-1' } },
      versoriOrigin,
    )
    await waitFor(() => expect(t.envoy().status).toBe('connected'))
    expect(t.envoy().error).toBeNull()
  })

  it('disconnect: busy meanwhile, then disconnected; a refused disconnect (through Rhombus without the permission) is an error', async () => {
    let answer!: (response: Response) => void
    const h = envoyHarness({
      overrides: {
        'POST /bff/envoy/disconnect': () =>
          new Promise<Response>((resolve) => {
            answer = resolve
          }),
      },
    })
    h.connected('direct')
    const t = render('direct', h)
    await waitFor(() => expect(t.envoy().status).toBe('connected'))
    act(() => t.envoy().disconnect())
    await waitFor(() => expect(t.envoy().isDisconnecting).toBe(true))
    answer(Response.json({ status: 'disconnected', via: 'direct' }))
    await waitFor(() => expect(t.envoy().status).toBe('disconnected'))
    expect(t.envoy().isDisconnecting).toBe(false)

    cleanup()
    const r = envoyHarness({
      overrides: {
        'POST /bff/envoy/disconnect': () =>
          Response.json(
            {
              type: 'urn:doorway:problem:forbidden',
              title: 'Forbidden',
              status: 403,
              code: 'forbidden',
              detail: 'Removing the integration needs the superAdmin permission.',
            },
            { status: 403, headers: { 'content-type': 'application/problem+json' } },
          ),
      },
    })
    r.connected('rhombus')
    const u = render('rhombus', r)
    await waitFor(() => expect(u.envoy().status).toBe('connected'))
    act(() => u.envoy().disconnect())
    await waitFor(() => expect(u.envoy().error?.code).toBe('forbidden'))
    // Still connected: the status says so, and the error is there to show.
    expect(u.envoy().status).toBe('connected')
  })

  it('a connection lost with a reason (revoked refresh) is status error, envoy_disconnected', async () => {
    const h = envoyHarness()
    h.server.connections.direct = { status: 'disconnected', via: 'direct', reason: 'revoked' }
    const t = render('direct', h)
    await waitFor(() => expect(t.envoy().status).toBe('error'))
    expect(t.envoy().error).toMatchObject({ code: 'envoy_disconnected' })
    expect(t.envoy().error?.message).toMatch(/revoked/)
  })

  it('a way the BFF does not serve is unavailable and is never asked for', async () => {
    const t = render(
      'versori',
      envoyHarness({ connect: { direct: true, rhombus: true, versori: false } }),
    )
    await waitFor(() => expect(t.envoy().isAvailable).toBe(false))
    await settle()
    expect(t.envoy()).toMatchObject({ status: 'disconnected', isLoading: false, error: null })
    expect(t.calls.map((c) => c.url)).not.toContain('/bff/envoy/connection?via=versori')
  })

  it('signed out: unavailable, no Envoy request', async () => {
    const t = render('direct', envoyHarness({ session: signedOut }))
    await waitFor(() => expect(t.envoy().isAvailable).toBe(false))
    await settle()
    expect(t.envoy().isLoading).toBe(false)
    expect(t.calls.some((c) => c.url.startsWith('/bff/envoy'))).toBe(false)
  })

  it('stays in step with other tabs, and drops Envoy data on sign-out', async () => {
    const t = render('direct')
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    // Another tab connected: its copy of envoyChanges posts on the same channel.
    const { otherTab, off } = anotherTab()
    act(() => {
      otherTab({ status: 'connected', via: 'direct', companyId: '20000' })
    })
    await waitFor(() => expect(t.envoy().status).toBe('connected'))
    expect(t.envoy().connection?.companyId).toBe('20000')
    off()

    act(() => t.hook.result.current.login.signOut())
    await waitFor(() => expect(t.hook.result.current.login.status).toBe('unauthenticated'))
    expect(t.queryClient.getQueryData(doorwayKeys.envoy('connection', 'direct'))).toBeUndefined()
    await waitFor(() => expect(t.envoy().connection).toBeUndefined())
    expect(t.envoy().isAvailable).toBe(false)
  })

  it('two components of the same way share the connect state', async () => {
    const h = envoyHarness()
    const a = renderHook(() => useEnvoyConnect({ via: 'direct' }), { wrapper: h.wrapper })
    const b = renderHook(() => useEnvoyConnect({ via: 'direct' }), { wrapper: h.wrapper })
    await waitFor(() => expect(b.result.current.isLoading).toBe(false))
    h.open.mockReturnValueOnce(null)
    act(() => a.result.current.connect())
    await waitFor(() => expect(b.result.current.error?.code).toBe('popup_blocked'))
    expect(b.result.current.status).toBe('error')
  })
})

describe('useEnvoyConnect subscriptions', () => {
  it('hears Envoy changes through one subscription, however many Envoy hooks are mounted', async () => {
    const h = envoyHarness()
    const subscribe = vi.spyOn(envoyChanges, 'subscribe')
    const sessionSubscribe = vi.spyOn(h.client, 'subscribe')
    // Each renderHook has its own <DoorwayProvider>, all of one QueryClient.
    const hooks = (['direct', 'direct', 'rhombus', 'versori'] as const).map((via) =>
      renderHook(() => useEnvoyConnect({ via }), { wrapper: h.wrapper }),
    )
    await waitFor(() => expect(hooks[3]?.result.current.isLoading).toBe(false))
    expect(subscribe).toHaveBeenCalledTimes(1)
    // The session's changes are the providers' alone (one each), none per hook.
    expect(sessionSubscribe).toHaveBeenCalledTimes(hooks.length)
    for (const hook of hooks) hook.unmount()
  })
})

describe('useEnvoyConnect errors', () => {
  it('a re-read of the connection keeps a failed connect’s error; a connection from another tab clears it', async () => {
    const t = render('direct')
    await waitFor(() => expect(t.envoy().isLoading).toBe(false))
    t.open.mockReturnValueOnce(null)
    act(() => t.envoy().connect())
    await waitFor(() => expect(t.envoy().error?.code).toBe('popup_blocked'))
    await act(() => t.queryClient.refetchQueries({ queryKey: doorwayKeys.envoy('connection') }))
    expect(t.envoy().error?.code).toBe('popup_blocked')
    const { otherTab, off } = anotherTab()
    act(() => {
      otherTab({ status: 'connected', via: 'direct' })
    })
    await waitFor(() => expect(t.envoy().status).toBe('connected'))
    expect(t.envoy().error).toBeNull()
    off()
  })
})

describe('useEnvoyConnect: coming back from a connect by redirect', () => {
  let attempts = 0
  /** This page is the callback of an Envoy connect started by redirect from `/app`. */
  function cameBack(flow: string, query: string) {
    // Core finishes a state once per page, failures included: every test has its own.
    const state = `redirect-state-${++attempts}`
    // What core's transaction store keeps for an attempt this tab started (doorway:tx:<state>).
    sessionStorage.setItem(
      `doorway:tx:${state}`,
      JSON.stringify({
        flow,
        state,
        returnTo: '/app',
        ...(flow === 'envoy' && {
          redirectUri: `${window.location.origin}/oauth/callback/envoy`,
        }),
        expiresAt: Date.now() + 600_000,
      }),
    )
    window.history.replaceState(null, '', `/oauth/callback/${flow}?${query}&state=${state}`)
  }
  afterEach(() => window.history.replaceState(null, '', '/'))

  /** Renders both hooks under StrictMode, keeping every sign-in status they went through. */
  function renderBoth(via: 'direct' | 'rhombus', h = envoyHarness()) {
    const logins: string[] = []
    const hook = renderHook(
      () => {
        const both = { envoy: useEnvoyConnect({ via }), login: useRhombusLogin() }
        logins.push(both.login.status)
        return both
      },
      { wrapper: h.wrapper, reactStrictMode: true },
    )
    return { ...h, hook, logins, now: () => hook.result.current }
  }

  for (const [via, provider] of [
    ['direct', 'envoy'],
    ['rhombus', 'envoy-rhombus'],
  ] as const) {
    it(`${via}: a denied connect (access_denied) is the way's error, never the sign-in's`, async () => {
      cameBack(provider, 'error=access_denied&error_description=Denied+at+Envoy')
      const t = renderBoth(via)
      await waitFor(() => expect(t.now().envoy.error?.code).toBe('access_denied'))
      await settle()
      expect(t.now().envoy).toMatchObject({
        status: 'error',
        connection: { status: 'disconnected' },
      })
      expect(t.now().envoy.error?.error_description).toBe('Denied at Envoy')
      expect(t.now().login).toMatchObject({ status: 'authenticated', error: null })
      expect(t.logins).not.toContain('authenticating')
      expect(t.logins).not.toContain('error')
      // Exchanged once, nothing sent for a refusal, and the page leaves the callback for the
      // attempt's returnTo, as after a success.
      expect(
        t.calls.filter((c) => !/^\/bff\/(config|session|envoy\/connection)/.test(c.url)),
      ).toEqual([])
      expect(window.location.pathname).toBe('/app')
    })
  }

  it("direct: the way is connecting while the code is exchanged, then its connection query is the callback's", async () => {
    const exchange = deferred<Response>()
    const h = envoyHarness({
      overrides: { 'POST /bff/auth/envoy/exchange': () => exchange.promise },
    })
    cameBack('envoy', 'code=envoy-code')
    const t = renderBoth('direct', h)
    await waitFor(() => expect(t.now().envoy.status).toBe('connecting'))
    const connection: EnvoyConnection = { status: 'connected', via: 'direct', companyId: '10000' }
    exchange.resolve(Response.json(connection))
    await waitFor(() => expect(t.now().envoy.status).toBe('connected'))
    expect(t.queryClient.getQueryData(doorwayKeys.envoy('connection', 'direct'))).toEqual(
      connection,
    )
    expect(t.now().envoy.error).toBeNull()
    expect(t.now().login).toMatchObject({ status: 'authenticated', error: null })
    expect(t.logins).not.toContain('authenticating')
    expect(t.calls.filter((c) => c.url === '/bff/auth/envoy/exchange')).toHaveLength(1)
    await waitFor(() => expect(window.location.pathname).toBe('/app'))
  })
})
