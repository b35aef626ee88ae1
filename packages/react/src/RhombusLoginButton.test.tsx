import { DoorwayError } from '@doorway/core'
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deferred, fakeClient, signedIn, signedOut } from './__tests__/fakeClient.js'
import { DoorwayProvider } from './DoorwayProvider.js'
import { RhombusLoginButton } from './RhombusLoginButton.js'
import { RhombusSignOutButton } from './RhombusSignOutButton.js'

afterEach(cleanup)

function setup(ui: ReactNode, session = signedOut) {
  const fake = fakeClient(session)
  render(<DoorwayProvider client={fake.client}>{ui}</DoorwayProvider>)
  return fake
}

const button = () =>
  screen.getByRole('button', { name: 'Sign in with Rhombus' }) as HTMLButtonElement

describe('RhombusLoginButton', () => {
  it('is a plain button named "Sign in with Rhombus", busy and disabled while the session loads', async () => {
    const fake = fakeClient()
    const read = deferred<typeof signedOut>()
    fake.fake.getSession.mockReturnValue(read.promise)
    render(
      <DoorwayProvider client={fake.client}>
        <RhombusLoginButton />
      </DoorwayProvider>,
    )
    expect(button().type).toBe('button')
    expect(button().dataset.doorwayButton).toBe('rhombus')
    expect(button().dataset.state).toBe('loading')
    expect(button().disabled).toBe(true)
    expect(button().getAttribute('aria-busy')).toBe('true')
    read.resolve(signedOut)
    await waitFor(() => expect(button().dataset.state).toBe('unauthenticated'))
    expect(button().disabled).toBe(false)
    expect(button().getAttribute('aria-busy')).toBe('false')
    expect(document.querySelector('style, link[rel="stylesheet"]')).toBeNull()
  })

  it('calls client.signIn synchronously inside the click, so the popup is not blocked', async () => {
    const fake = setup(<RhombusLoginButton mode="popup" returnTo="/after" />)
    await waitFor(() => expect(button().disabled).toBe(false))
    fireEvent.click(button())
    // No await between the click and this line: a popup opened later would be blocked.
    expect(fake.fake.signIn).toHaveBeenCalledExactlyOnceWith('rhombus', {
      mode: 'popup',
      returnTo: '/after',
    })
  })

  it('is busy and disabled while signing in, and a double click starts one sign-in', async () => {
    const fake = setup(<RhombusLoginButton mode="popup" />)
    await waitFor(() => expect(button().disabled).toBe(false))
    const popup = deferred<typeof signedIn>()
    // As core's client does: one attempt at a time, a call while it runs gets the same one.
    let attempts = 0
    let running: Promise<typeof signedIn> | undefined
    fake.fake.signIn.mockImplementation(() => {
      if (!running) {
        attempts++
        running = popup.promise.finally(() => {
          running = undefined
        })
      }
      return running
    })
    fireEvent.click(button())
    fireEvent.click(button())
    expect(attempts).toBe(1)
    await waitFor(() => expect(button().dataset.state).toBe('authenticating'))
    expect(button().disabled).toBe(true)
    expect(button().getAttribute('aria-busy')).toBe('true')
    popup.resolve(signedIn)
    await waitFor(() => expect(button().dataset.state).toBe('authenticated'))
    expect(button().disabled).toBe(false)
  })

  it('reports a failed sign-in to onError and as data-state="error", and can be tried again', async () => {
    const onError = vi.fn()
    const fake = setup(<RhombusLoginButton mode="popup" onError={onError} />)
    await waitFor(() => expect(button().disabled).toBe(false))
    fake.fake.signIn.mockRejectedValue(new DoorwayError('popup_blocked'))
    fireEvent.click(button())
    await waitFor(() => expect(button().dataset.state).toBe('error'))
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'popup_blocked' })
    expect(button().disabled).toBe(false)
  })

  it('when the session cannot be read: an alert with "Try again", no read on remount, recovers on click', async () => {
    const fake = fakeClient()
    fake.fake.getSession.mockRejectedValue(
      new DoorwayError('invalid_response', '/session: HTTP 200, not JSON', { status: 200 }),
    )
    const ui = (key: string) => (
      <DoorwayProvider client={fake.client}>
        <RhombusLoginButton key={key} />
      </DoorwayProvider>
    )
    const { rerender } = render(ui('a'))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('/session: HTTP 200, not JSON')
    const retry = screen.getByRole('button', { name: 'Try again' }) as HTMLButtonElement
    expect(alert.contains(retry)).toBe(true)
    expect(retry.dataset.state).toBe('error')
    expect(retry.disabled).toBe(false)
    const reads = fake.fake.getSession.mock.calls.length
    // A remounted button (as a page that shows "Loading…" would remount it) reads nothing.
    rerender(ui('b'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(fake.fake.getSession).toHaveBeenCalledTimes(reads)
    expect(screen.getByRole('alert')).toBeDefined()

    // Still failing: one read, and the error stays (no "loading" in between).
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(fake.fake.getSession).toHaveBeenCalledTimes(reads + 1)
    expect(screen.getByRole('button', { name: 'Try again' }).dataset.state).toBe('error')
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(screen.getByRole('button', { name: 'Try again' }).dataset.state).toBe('error')

    fake.fake.getSession.mockResolvedValue(signedOut)
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(button().dataset.state).toBe('unauthenticated'))
    expect(screen.queryByRole('alert')).toBeNull()
    expect(fake.fake.signIn).not.toHaveBeenCalled()
  })

  it('when the session cannot be read, a change from another tab recovers too', async () => {
    const fake = fakeClient()
    fake.fake.getSession.mockRejectedValue(new DoorwayError('network_error'))
    render(
      <DoorwayProvider client={fake.client}>
        <RhombusLoginButton />
      </DoorwayProvider>,
    )
    const alert = await screen.findByRole('alert', {}, { timeout: 5_000 })
    expect(alert.textContent).toContain('The BFF is unreachable at the configured baseUrl.')
    act(() => fake.emit(signedOut))
    await waitFor(() => expect(button().dataset.state).toBe('unauthenticated'))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('passes className, style, other props and children through; preventDefault in onClick cancels', async () => {
    const onClick = vi.fn((event: { preventDefault(): void }) => event.preventDefault())
    const fake = setup(
      <RhombusLoginButton className="primary" style={{ color: 'red' }} id="login" onClick={onClick}>
        Continue with Rhombus
      </RhombusLoginButton>,
    )
    const el = screen.getByRole('button', { name: 'Continue with Rhombus' }) as HTMLButtonElement
    await waitFor(() => expect(el.disabled).toBe(false))
    expect(el.className).toBe('primary')
    expect(el.style.color).toBe('red')
    expect(el.id).toBe('login')
    fireEvent.click(el)
    expect(onClick).toHaveBeenCalledTimes(1)
    expect(fake.fake.signIn).not.toHaveBeenCalled()
  })
})

describe('RhombusSignOutButton', () => {
  it('signs out, busy and disabled meanwhile', async () => {
    const fake = setup(<RhombusSignOutButton />, signedIn)
    const el = screen.getByRole('button', { name: 'Sign out' }) as HTMLButtonElement
    await waitFor(() => expect(el.dataset.state).toBe('authenticated'))
    expect(el.dataset.doorwayButton).toBe('sign-out')
    const done = deferred<typeof signedOut>()
    fake.fake.signOut.mockReturnValue(done.promise)
    fireEvent.click(el)
    await waitFor(() => expect(el.disabled).toBe(true))
    expect(el.getAttribute('aria-busy')).toBe('true')
    done.resolve(signedOut)
    await waitFor(() => expect(el.dataset.state).toBe('unauthenticated'))
    expect(el.disabled).toBe(false)
    expect(fake.fake.signOut).toHaveBeenCalledTimes(1)
    expect(fake.fake.signOut.mock.calls[0]).not.toContainEqual({ everywhere: true })
  })

  it('with everywhere: named "Sign out everywhere", it ends every session of the user', async () => {
    const fake = setup(<RhombusSignOutButton everywhere />, signedIn)
    const el = screen.getByRole('button', { name: 'Sign out everywhere' }) as HTMLButtonElement
    await waitFor(() => expect(el.dataset.state).toBe('authenticated'))
    fireEvent.click(el)
    await waitFor(() => expect(el.dataset.state).toBe('unauthenticated'))
    expect(fake.fake.signOut).toHaveBeenCalledExactlyOnceWith({ everywhere: true })
  })

  it('with everywhere and children, it keeps the given name', () => {
    setup(<RhombusSignOutButton everywhere>Log out of all devices</RhombusSignOutButton>, signedIn)
    expect(screen.getByRole('button', { name: 'Log out of all devices' })).toBeDefined()
  })
})
