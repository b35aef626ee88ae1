import { DoorwayError } from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { deferred, fakeClient, signedIn, signedOut } from './__tests__/fakeClient.js'
import { DoorwayProvider } from './DoorwayProvider.js'
import { doorwayKeys } from './doorwayKeys.js'
import { configQueryOptions, sessionQueryOptions, useRhombusLogin } from './sessionQueries.js'

afterEach(cleanup)

function setup(session = signedOut, queryClient = new QueryClient()) {
  const harness = doorwayHarness(session, queryClient)
  return { ...harness, ...renderHook(() => useRhombusLogin(), { wrapper: harness.wrapper }) }
}

describe('useRhombusLogin', () => {
  it('is loading until the session is known, then reports it', async () => {
    const { fake, result } = setup(signedIn)
    expect(result.current.status).toBe('loading')
    expect(result.current.isAuthenticated).toBe(false)
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    expect(result.current).toMatchObject({
      session: signedIn,
      isAuthenticated: true,
      isPartner: true,
      expiresAt: signedIn.expiresAt,
      error: null,
      isSigningIn: false,
    })
    expect(fake.getSession).toHaveBeenCalledTimes(1)
  })

  it('signs in with a popup and stores the session it resolves with', async () => {
    const { fake, result } = setup()
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    const popup = deferred<typeof signedIn>()
    fake.signIn.mockReturnValue(popup.promise)
    act(() => result.current.signIn({ mode: 'popup', returnTo: '/back' }))
    expect(fake.signIn).toHaveBeenCalledWith('rhombus', { mode: 'popup', returnTo: '/back' })
    await waitFor(() => expect(result.current.status).toBe('authenticating'))
    expect(result.current.isSigningIn).toBe(true)
    popup.resolve(signedIn)
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    expect(fake.getSession).toHaveBeenCalledTimes(1)
  })

  it('hands a signIn while signing in to the client, which joins it to the running attempt', async () => {
    const { fake, result } = setup()
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    const popup = deferred<typeof signedIn>()
    // Core runs one attempt at a time: a call while one runs gets the same promise.
    fake.signIn.mockReturnValue(popup.promise)
    act(() => {
      result.current.signIn({ mode: 'popup' })
      result.current.signIn({ mode: 'popup' })
    })
    await waitFor(() => expect(result.current.isSigningIn).toBe(true))
    act(() => result.current.signIn({ mode: 'popup' }))
    expect(fake.signIn).toHaveBeenCalledTimes(3)
    expect(result.current.status).toBe('authenticating')
    popup.resolve(signedIn)
    await waitFor(() => expect(result.current.isSigningIn).toBe(false))
    expect(result.current.status).toBe('authenticated')
    expect(result.current.error).toBeNull()
  })

  it('reports a failed sign-in as state with its code, never by throwing', async () => {
    const { fake, result } = setup()
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    fake.signIn.mockRejectedValue(new DoorwayError('popup_closed'))
    act(() => result.current.signIn({ mode: 'popup' }))
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.code).toBe('popup_closed')
    expect(result.current.isSigningIn).toBe(false)

    fake.signIn.mockImplementation(() => {
      throw new DoorwayError('invalid_return_to')
    })
    act(() => result.current.signIn({ returnTo: '//evil.example' }))
    await waitFor(() => expect(result.current.error?.code).toBe('invalid_return_to'))

    fake.signIn.mockResolvedValue(signedIn)
    act(() => result.current.signIn({ mode: 'popup' }))
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    expect(result.current.error).toBeNull()
  })

  it('reports a session read that failed as state', async () => {
    const fake = fakeClient()
    fake.fake.getSession.mockRejectedValue(
      new DoorwayError('forbidden_origin', undefined, { status: 403 }),
    )
    const wrapper = ({ children }: { children: ReactNode }) => (
      <DoorwayProvider client={fake.client}>{children}</DoorwayProvider>
    )
    const { result } = renderHook(() => useRhombusLogin(), { wrapper })
    await waitFor(() => expect(result.current.status).toBe('error'))
    expect(result.current.error?.code).toBe('forbidden_origin')
    expect(fake.fake.getSession).toHaveBeenCalledTimes(1)
  })

  it('signs out: the session becomes signed out and Rhombus data is dropped', async () => {
    const { fake, result, queryClient } = setup(signedIn)
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    const key = doorwayKeys.rhombus('/user/getUsersInOrg', {})
    queryClient.setQueryData(key, { users: [] })
    act(() => result.current.signOut())
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    expect(fake.signOut).toHaveBeenCalledTimes(1)
    expect(queryClient.getQueryData(key)).toBeUndefined()
  })

  it("exposes the session's org: null for a user without one, undefined before the session is known", async () => {
    const org = { uuid: 'org-1', name: 'Acme Security' }
    const { result } = setup({ ...signedIn, org })
    expect(result.current.org).toBeUndefined()
    await waitFor(() => expect(result.current.org).toEqual(org))
    const other = setup({ ...signedIn, org: null })
    await waitFor(() => expect(other.result.current.status).toBe('authenticated'))
    expect(other.result.current.org).toBeNull()
  })

  it('signs out everywhere: signOut({ everywhere: true }) reaches the client, then signed out', async () => {
    const { fake, result } = setup(signedIn)
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    act(() => result.current.signOut({ everywhere: true }))
    await waitFor(() => expect(result.current.status).toBe('unauthenticated'))
    expect(fake.signOut).toHaveBeenCalledExactlyOnceWith({ everywhere: true })
    expect(result.current.org).toBeUndefined()
  })

  it('reports a failed sign-out as state and stays signed in', async () => {
    const { fake, result } = setup(signedIn)
    await waitFor(() => expect(result.current.status).toBe('authenticated'))
    fake.signOut.mockRejectedValue(new DoorwayError('csrf_rejected', undefined, { status: 403 }))
    act(() => result.current.signOut())
    await waitFor(() => expect(result.current.error?.code).toBe('csrf_rejected'))
    expect(result.current.status).toBe('authenticated')
  })
})

type Retry = (failureCount: number, error: DoorwayError) => boolean

describe('sessionQueryOptions', () => {
  it('reads the session with the client under doorwayKeys.session, for prefetching', async () => {
    const { fake, client } = fakeClient(signedIn)
    const queryClient = new QueryClient()
    const options = sessionQueryOptions(client)
    expect(options.queryKey).toEqual(doorwayKeys.session)
    await queryClient.prefetchQuery(options)
    expect(fake.getSession).toHaveBeenCalledTimes(1)
    expect(queryClient.getQueryData(options.queryKey)).toEqual(signedIn)
    await queryClient.prefetchQuery(options)
    expect(fake.getSession).toHaveBeenCalledTimes(1)
  })

  it('does not retry answers the BFF gave on purpose (4xx), retries network failures twice', () => {
    const retry = sessionQueryOptions(fakeClient().client).retry as Retry
    expect(retry(0, new DoorwayError('unauthenticated', undefined, { status: 401 }))).toBe(false)
    expect(retry(0, new DoorwayError('forbidden_origin', undefined, { status: 403 }))).toBe(false)
    expect(retry(0, new DoorwayError('network_error'))).toBe(true)
    expect(retry(1, new DoorwayError('upstream_unavailable', undefined, { status: 503 }))).toBe(
      true,
    )
    expect(retry(2, new DoorwayError('network_error'))).toBe(false)
  })

  it('a failed read is not read again by a mount, focus or reconnect (disabled until a read succeeds)', async () => {
    const { fake, client } = fakeClient()
    fake.getSession.mockRejectedValue(
      new DoorwayError('invalid_response', undefined, { status: 200 }),
    )
    const queryClient = new QueryClient()
    const options = sessionQueryOptions(client)
    await queryClient.prefetchQuery(options)
    const query = queryClient.getQueryCache().find({ queryKey: options.queryKey })!
    expect(query.state.status).toBe('error')
    const enabled = options.enabled as unknown as (q: typeof query) => boolean
    expect(enabled(query)).toBe(false)
    queryClient.setQueryData(options.queryKey, signedIn)
    expect(enabled(query)).toBe(true)
  })

  it('keeps the session fresh for a while, so every hook shares one read', () => {
    expect(sessionQueryOptions(fakeClient().client).staleTime).toBeGreaterThanOrEqual(10_000)
  })
})

describe('configQueryOptions', () => {
  it('reads the public config under doorwayKeys.config', async () => {
    const { fake, client } = fakeClient()
    const queryClient = new QueryClient()
    const data = await queryClient.fetchQuery(configQueryOptions(client))
    expect(data).toEqual({ providers: {} })
    expect(fake.getConfig).toHaveBeenCalledTimes(1)
    expect(queryClient.getQueryData(doorwayKeys.config)).toEqual(data)
  })
})
