import { DoorwayError } from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { deferred, fakeClient, signedIn, signedOut } from './__tests__/fakeClient.js'
import { DoorwayProvider } from './DoorwayProvider.js'
import { doorwayKeys } from './doorwayKeys.js'
import { useRhombusLogin } from './useRhombusLogin.js'

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
