import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { signedIn } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import { RhombusLoginButton } from './RhombusLoginButton.js'
import { useRhombusQuery } from './rhombusQueries.js'
import { useRhombusLogin, useSessionExpiry } from './sessionQueries.js'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const setup = (session = signedIn) => doorwayHarness(session)

describe('session expiry in the hooks', () => {
  it('an expired session (the client ends it, in this tab or another) is status expired, and Rhombus data goes', async () => {
    const s = setup()
    const { result } = renderHook(
      () => ({ login: useRhombusLogin(), users: useRhombusQuery('/user/getUsersInOrg', {}) }),
      { wrapper: s.wrapper },
    )
    await waitFor(() => expect(result.current.users.isSuccess).toBe(true))
    expect(result.current.login).toMatchObject({ status: 'authenticated', isExpired: false })
    act(() => s.emit({ authenticated: false, expired: true }))
    await waitFor(() => expect(result.current.login.status).toBe('expired'))
    expect(result.current.login).toMatchObject({ isAuthenticated: false, isExpired: true })
    expect(s.queryClient.getQueryData(doorwayKeys.rhombus('/user/getUsersInOrg', {}))).toBe(
      undefined,
    )
  })

  it('the login button turns into a re-sign-in prompt, and signs in again', async () => {
    const s = setup({ authenticated: false, expired: true })
    render(<RhombusLoginButton />, { wrapper: s.wrapper })
    const button = await screen.findByRole('button', { name: 'Session expired: sign in again' })
    expect(button.dataset.state).toBe('expired')
    act(() => button.click())
    expect(s.fake.signIn).toHaveBeenCalledWith('rhombus', { mode: undefined, returnTo: undefined })
  })

  it('useSessionExpiry counts the remaining lifetime down while signed in', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    const start = Date.now()
    const s = setup({ ...signedIn, expiresAt: start + 10_000 })
    const { result } = renderHook(() => useSessionExpiry(1000), { wrapper: s.wrapper })
    expect(result.current.remainingMs).toBeUndefined()
    await vi.waitFor(() => expect(result.current.remainingMs).toBeDefined())
    const first = result.current.remainingMs as number
    expect(first).toBeGreaterThan(9_000)
    expect(first).toBeLessThanOrEqual(10_000)
    await act(() => vi.advanceTimersByTimeAsync(3_000))
    // Updated once a second: three ticks later, about three seconds less.
    expect(result.current).toMatchObject({ expiresAt: start + 10_000, isExpired: false })
    expect(result.current.remainingMs).toBeLessThanOrEqual(first - 2_000)
    expect(result.current.remainingMs).toBeGreaterThanOrEqual(first - 4_000)
    act(() => s.emit({ authenticated: false, expired: true }))
    await vi.waitFor(() =>
      expect(result.current).toEqual({
        expiresAt: undefined,
        remainingMs: undefined,
        isExpired: true,
      }),
    )
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('acting for a client org', () => {
  it('useRhombusQuery passes org to the client and keys the query by it', async () => {
    const s = setup()
    const { result } = renderHook(
      () => ({
        own: useRhombusQuery('/user/getUsersInOrg', {}),
        acme: useRhombusQuery('/user/getUsersInOrg', {}, { org: 'sbxOrgPartnerClientAcme' }),
      }),
      { wrapper: s.wrapper },
    )
    await waitFor(() =>
      expect(result.current.acme.isSuccess && result.current.own.isSuccess).toBe(true),
    )
    expect(s.fake.rhombus.request).toHaveBeenCalledWith(
      '/user/getUsersInOrg',
      {},
      {
        signal: expect.any(AbortSignal),
        org: 'sbxOrgPartnerClientAcme',
      },
    )
    expect(s.fake.rhombus.request).toHaveBeenCalledWith(
      '/user/getUsersInOrg',
      {},
      {
        signal: expect.any(AbortSignal),
        org: undefined,
      },
    )
    expect(
      s.queryClient.getQueryData(
        doorwayKeys.rhombus('/user/getUsersInOrg', {}, 'sbxOrgPartnerClientAcme'),
      ),
    ).toEqual({ users: [] })
  })
})
