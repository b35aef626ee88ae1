import { type DoorwayClient, DoorwayError } from '@doorway/core'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { type ReactNode, useContext, useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deferred, fakeClient, signedIn, signedOut } from './__tests__/fakeClient.js'
import {
  DoorwayContext,
  type DoorwayContextValue,
  DoorwayProvider,
  type DoorwayProviderProps,
  useDoorwayClient,
} from './DoorwayProvider.js'
import { doorwayKeys } from './doorwayKeys.js'
import { useRhombusLogin } from './sessionQueries.js'

afterEach(cleanup)

const provider =
  (props: DoorwayProviderProps) =>
  ({ children }: { children: ReactNode }) => (
    <DoorwayProvider {...props}>{children}</DoorwayProvider>
  )

describe('DoorwayProvider: callback', () => {
  it('finishes a callback exactly once under StrictMode, stores its session, then goes to returnTo', async () => {
    const { fake, client } = fakeClient(signedOut)
    // As core's: once it is being finished, the address bar shows no callback any more.
    fake.callbackFlow.mockReturnValueOnce('rhombus')
    fake.handleCallback.mockResolvedValue({
      flow: 'rhombus',
      session: signedIn,
      returnTo: '/dashboard',
    })
    const onRedirectCallback = vi.fn()
    const { result } = renderHook(() => useRhombusLogin(), {
      wrapper: provider({ client, onRedirectCallback }),
      reactStrictMode: true,
    })
    expect(result.current.status).toBe('authenticating')
    await waitFor(() => expect(onRedirectCallback).toHaveBeenCalledWith('/dashboard'))
    // The BFF's /session still says signed out: authenticated comes from the callback's session.
    expect(result.current.status).toBe('authenticated')
    expect(result.current.session).toEqual(signedIn)
    expect(fake.handleCallback).toHaveBeenCalledTimes(1)
    expect(onRedirectCallback).toHaveBeenCalledTimes(1)
  })

  it('is not overwritten by a session read that was started before the exchange', async () => {
    const { fake, client } = fakeClient()
    const read = deferred<typeof signedOut>()
    fake.getSession.mockReturnValueOnce(read.promise)
    fake.callbackFlow.mockReturnValueOnce('rhombus')
    fake.handleCallback.mockResolvedValue({ flow: 'rhombus', session: signedIn, returnTo: '/' })
    const { result } = renderHook(() => useRhombusLogin(), {
      wrapper: provider({ client, onRedirectCallback: () => {} }),
    })
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    await act(async () => read.resolve(signedOut))
    expect(result.current.status).toBe('authenticated')
  })

  it('by default replaces the address with returnTo, keeping history state', async () => {
    window.history.replaceState({ app: 1 }, '', '/oauth/callback/rhombus')
    const { fake, client } = fakeClient()
    fake.callbackFlow.mockReturnValueOnce('rhombus')
    fake.handleCallback.mockResolvedValue({
      flow: 'rhombus',
      session: signedIn,
      returnTo: '/after?tab=2#x',
    })
    renderHook(() => useRhombusLogin(), { wrapper: provider({ client }) })
    await waitFor(() => expect(window.location.pathname).toBe('/after'))
    expect(window.location.search).toBe('?tab=2')
    expect(window.location.hash).toBe('#x')
    expect(window.history.state).toEqual({ app: 1 })
  })

  it('does nothing when the page is not a callback', async () => {
    const { fake, client } = fakeClient()
    const { result } = renderHook(() => useRhombusLogin(), { wrapper: provider({ client }) })
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    expect(fake.handleCallback).not.toHaveBeenCalled()
  })

  it("leaves a failed callback for where its attempt started, the error kept as the sign-in's state", async () => {
    const { fake, client } = fakeClient()
    fake.callbackFlow.mockReturnValueOnce('rhombus')
    const denied = Object.assign(new DoorwayError('access_denied'), { returnTo: '/reports?tab=2' })
    fake.handleCallback.mockRejectedValue(denied)
    const onRedirectCallback = vi.fn()
    const { result } = renderHook(() => useRhombusLogin(), {
      wrapper: provider({ client, onRedirectCallback }),
    })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error).toBe(denied)
    expect(onRedirectCallback).toHaveBeenCalledTimes(1)
    expect(onRedirectCallback).toHaveBeenCalledWith('/reports?tab=2')
  })

  it('leaves a callback that nothing here started for /, the error kept as state with its code', async () => {
    const { fake, client } = fakeClient()
    fake.callbackFlow.mockReturnValueOnce('rhombus')
    fake.handleCallback.mockRejectedValue(new DoorwayError('state_mismatch'))
    const onRedirectCallback = vi.fn()
    const { result } = renderHook(() => useRhombusLogin(), {
      wrapper: provider({ client, onRedirectCallback }),
    })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error).toBeInstanceOf(DoorwayError)
    expect(result.current.error?.code).toBe('state_mismatch')
    expect(onRedirectCallback).toHaveBeenCalledTimes(1)
    expect(onRedirectCallback).toHaveBeenCalledWith('/')
  })
})

describe('DoorwayProvider: session changes', () => {
  it('follows a sign-in and a sign-out reported by another tab, without a reload', async () => {
    const { client, emit, listeners } = fakeClient(signedOut)
    const { result, unmount } = renderHook(() => useRhombusLogin(), {
      wrapper: provider({ client }),
      reactStrictMode: true,
    })
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    expect(listeners.size).toBe(1)
    act(() => emit(signedIn))
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    act(() => emit(signedOut))
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    unmount()
    expect(listeners.size).toBe(0)
  })

  it('drops Rhombus data on sign-out and refetches it when another user signs in', async () => {
    const { client, emit } = fakeClient(signedIn)
    const queryClient = new QueryClient()
    const other = { ...signedIn, user: { id: 'u2' } }
    const key = doorwayKeys.rhombus('/user/getUsersInOrg', {})
    const { result } = renderHook(() => useRhombusLogin(), {
      wrapper: provider({ client, queryClient }),
    })
    await waitFor(() => expect(result.current.status).toBe('authenticated'))

    queryClient.setQueryData(key, { users: ['of u1'] })
    act(() => emit(other))
    await waitFor(() => expect(queryClient.getQueryState(key)?.data).toBeUndefined())

    queryClient.setQueryData(key, { users: ['of u2'] })
    act(() => emit(other))
    expect(queryClient.getQueryData(key)).toEqual({ users: ['of u2'] })
    act(() => emit(signedOut))
    await waitFor(() => expect(queryClient.getQueryData(key)).toBeUndefined())
  })
})

describe('DoorwayProvider: context', () => {
  it('gives one context value for its lifetime: parent renders and sign-ins do not remake it', async () => {
    const { fake, client } = fakeClient(signedOut)
    const queryClient = new QueryClient()
    const values = new Set<DoorwayContextValue | null>()
    const parent = parentOf(client, queryClient)
    const { result } = renderHook(
      () => {
        values.add(useContext(DoorwayContext))
        return useRhombusLogin()
      },
      { wrapper: parent.Parent },
    )
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    act(() => parent.rerender())
    const popup = deferred<typeof signedIn>()
    fake.signIn.mockReturnValue(popup.promise)
    act(() => result.current.signIn({ mode: 'popup' }))
    await waitFor(() => expect(result.current.status).toBe('authenticating'))
    popup.resolve(signedIn)
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    act(() => parent.rerender())
    expect(values.size).toBe(1)
  })

  it("useRhombusLogin's result is its documented state and actions, not the provider's context", async () => {
    const { client } = fakeClient(signedIn)
    const { result } = renderHook(() => useRhombusLogin(), { wrapper: provider({ client }) })
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    expect(Object.keys(result.current).sort()).toEqual(
      [
        'status',
        'error',
        'session',
        'isAuthenticated',
        'isPartner',
        'org',
        'expiresAt',
        'isExpired',
        'isSigningIn',
        'isSigningOut',
        'signIn',
        'signOut',
        'retry',
      ].sort(),
    )
  })
})

describe('DoorwayProvider: flows', () => {
  it('makes its client with the flows given: one it does not list is not_configured at the click', async () => {
    const fetch = vi.fn(async () => Response.json({ authenticated: false }))
    vi.stubGlobal('fetch', fetch)
    try {
      const { result } = renderHook(() => useRhombusLogin(), {
        wrapper: ({ children }: { children: ReactNode }) => (
          <DoorwayProvider baseUrl="/bff" flows={[]}>
            {children}
          </DoorwayProvider>
        ),
      })
      await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
      act(() => result.current.signIn())
      await waitFor(() => expect(result.current.error?.code).toBe('not_configured'))
      expect(result.current.error?.message).toBe(
        'Pass flow "rhombus" to createDoorwayClient({ flows }).',
      )
      expect(fetch.mock.calls.map(([url]) => String(url))).toEqual(['/bff/session'])
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('DoorwayProvider: QueryClient', () => {
  it('uses the QueryClient already in context', async () => {
    const { client } = fakeClient(signedIn)
    const queryClient = new QueryClient()
    render(
      <QueryClientProvider client={queryClient}>
        <DoorwayProvider client={client}>
          <Status />
        </DoorwayProvider>
      </QueryClientProvider>,
    )
    await screen.findByText('authenticated')
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedIn)
  })

  it('uses the queryClient prop, and makes its own when there is neither', async () => {
    const { client } = fakeClient(signedIn)
    const queryClient = new QueryClient()
    render(
      <DoorwayProvider client={client} queryClient={queryClient}>
        <Status />
      </DoorwayProvider>,
    )
    await screen.findByText('authenticated')
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedIn)
    cleanup()

    render(
      <DoorwayProvider client={client}>
        <Status />
      </DoorwayProvider>,
    )
    expect(await screen.findByText('authenticated')).toBeTruthy()
  })
})

/** A parent of the provider that renders again on `rerender()`. */
function parentOf(client: DoorwayClient, queryClient: QueryClient) {
  const parent = {
    rerender: () => {},
    Parent({ children }: { children: ReactNode }) {
      const [, setCount] = useState(0)
      parent.rerender = () => setCount((n) => n + 1)
      return (
        <DoorwayProvider client={client} queryClient={queryClient}>
          {children}
        </DoorwayProvider>
      )
    },
  }
  return parent
}

function Status() {
  return <p>{useRhombusLogin().status}</p>
}

describe('with mocks restored', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  describe('useDoorwayClient', () => {
    it('throws without a provider, with a message saying to wrap the app in <DoorwayProvider>', () => {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      expect(() => renderHook(() => useDoorwayClient())).toThrow(
        '@doorway/react: Wrap your app in <DoorwayProvider baseUrl="/bff">.',
      )
      expect(() => renderHook(() => useRhombusLogin())).toThrow(/Wrap your app in <DoorwayProvider/)
    })

    it('returns the client given to the provider', () => {
      const { client } = fakeClient()
      const wrapper = ({ children }: { children: ReactNode }) => (
        <DoorwayProvider client={client}>{children}</DoorwayProvider>
      )
      const { result } = renderHook(() => useDoorwayClient(), { wrapper })
      expect(result.current).toBe(client)
    })
  })
})
