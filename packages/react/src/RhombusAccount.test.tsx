import { DoorwayError } from '@doorway/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { signedIn, signedOut } from './__tests__/fakeClient.js'
import { RhombusAccount } from './RhombusAccount.js'

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

const account = () => screen.getByRole('region', { name: 'Account' })
const sandboxOrg = { uuid: 'org-1', name: 'Sandbox Org' }

describe('RhombusAccount', () => {
  it('signed out: the sign-in button, in a region named "Account", and nothing of a session', async () => {
    const s = doorwayHarness(signedOut)
    render(<RhombusAccount />, { wrapper: s.wrapper })
    const button = await screen.findByRole('button', { name: 'Sign in with Rhombus' })
    await waitFor(() => expect(account().dataset.state).toBe('unauthenticated'))
    expect(account().contains(button)).toBe(true)
    expect(account().className).toBe('doorway-account')
    expect(button.className).toContain('doorway-account__button--primary')
    expect(screen.queryByRole('button', { name: /^Sign out/ })).toBeNull()
    expect(account().textContent).not.toMatch(/Signed in|Session ends/)
    // Styles are the app's choice (@doorway/react/styles.css): nothing is injected.
    expect(document.querySelector('style, link[rel="stylesheet"]')).toBeNull()
  })

  it.each(['popup', 'redirect'] as const)(
    'passes mode="%s" and returnTo to the sign-in',
    async (mode) => {
      const s = doorwayHarness(signedOut)
      render(<RhombusAccount mode={mode} returnTo="/after" />, { wrapper: s.wrapper })
      const button = await screen.findByRole('button', { name: 'Sign in with Rhombus' })
      await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false))
      fireEvent.click(button)
      expect(s.fake.signIn).toHaveBeenCalledExactlyOnceWith('rhombus', { mode, returnTo: '/after' })
    },
  )

  it('reports a failed sign-in to onError', async () => {
    const onError = vi.fn()
    const s = doorwayHarness(signedOut)
    s.fake.signIn.mockRejectedValue(new DoorwayError('popup_blocked'))
    render(<RhombusAccount mode="popup" onError={onError} />, { wrapper: s.wrapper })
    const button = await screen.findByRole('button', { name: 'Sign in with Rhombus' })
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false))
    fireEvent.click(button)
    await waitFor(() => expect(onError).toHaveBeenCalledTimes(1))
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'popup_blocked' })
  })

  it('signed in: the organisation, the partner badge, the time left and both sign-out buttons', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    const expiresAt = Date.now() + 2 * 86_400_000 + 5_000
    const s = doorwayHarness({ ...signedIn, org: sandboxOrg, isPartner: true, expiresAt })
    render(<RhombusAccount timeLeftProps={{ 'data-testid': 'left' }} className="mine" />, {
      wrapper: s.wrapper,
    })
    await vi.waitFor(() => expect(account().dataset.state).toBe('authenticated'))
    expect(account().className).toBe('doorway-account mine')
    expect(account().querySelector('.doorway-account__org')?.textContent).toBe(
      'Signed in to Sandbox Org Partner account',
    )
    expect(screen.getByText('Partner account').className).toBe('doorway-account__badge')
    const left = screen.getByTestId('left')
    expect(left.tagName).toBe('TIME')
    expect(left.getAttribute('datetime')).toBe(new Date(expiresAt).toISOString())
    expect(left.textContent).toBe('2 days')
    expect(screen.queryByRole('button', { name: 'Sign in with Rhombus' })).toBeNull()

    // The time left counts down: in days, then h:mm:ss under a day, m:ss under an hour.
    await act(() => vi.advanceTimersByTimeAsync(86_400_000))
    expect(screen.getByTestId('left').textContent).toBe('1 day')
    await act(() => vi.advanceTimersByTimeAsync(6_000))
    expect(screen.getByTestId('left').textContent).toBe('23:59:59')
    await act(() => vi.advanceTimersByTimeAsync(86_335_000))
    expect(screen.getByTestId('left').textContent).toBe('1:04')

    fireEvent.click(screen.getByRole('button', { name: 'Sign out everywhere' }))
    expect(s.fake.signOut).toHaveBeenCalledExactlyOnceWith({ everywhere: true })
    await vi.waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sign in with Rhombus' })).toBeDefined(),
    )
  })

  it('signs out only this session with "Sign out", and shows no badge for a standard account', async () => {
    const s = doorwayHarness({ ...signedIn, org: sandboxOrg, isPartner: false })
    render(<RhombusAccount />, { wrapper: s.wrapper })
    const signOut = await screen.findByRole('button', { name: 'Sign out' })
    expect(account().textContent).toContain('Signed in to Sandbox Org')
    expect(screen.queryByText('Partner account')).toBeNull()
    fireEvent.click(signOut)
    expect(s.fake.signOut).toHaveBeenCalledExactlyOnceWith({ everywhere: undefined })
  })

  it('shows its children (a client-org picker, say) only while signed in', async () => {
    const s = doorwayHarness({ ...signedIn, org: sandboxOrg })
    render(
      <RhombusAccount>
        <label>
          Acting for <select />
        </label>
      </RhombusAccount>,
      { wrapper: s.wrapper },
    )
    const picker = await screen.findByLabelText('Acting for')
    expect(account().contains(picker)).toBe(true)
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await screen.findByRole('button', { name: 'Sign in with Rhombus' })
    expect(screen.queryByLabelText('Acting for')).toBeNull()
  })

  it('a failed session read: the login button’s alert with "Try again", which reads it again', async () => {
    const s = doorwayHarness()
    s.fake.getSession.mockRejectedValue(
      new DoorwayError('invalid_response', '/session: HTTP 200, not JSON', { status: 200 }),
    )
    render(<RhombusAccount />, { wrapper: s.wrapper })
    const alert = await screen.findByRole('alert')
    expect(account().contains(alert)).toBe(true)
    expect(alert.textContent).toContain('/session: HTTP 200, not JSON')
    const retry = screen.getByRole('button', { name: 'Try again' })
    expect(alert.contains(retry)).toBe(true)
    expect(screen.getAllByRole('alert')).toHaveLength(1)
    const reads = s.fake.getSession.mock.calls.length
    s.fake.getSession.mockResolvedValue({ ...signedIn, org: sandboxOrg })
    fireEvent.click(retry)
    expect(s.fake.getSession).toHaveBeenCalledTimes(reads + 1)
    await screen.findByRole('button', { name: 'Sign out' })
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
