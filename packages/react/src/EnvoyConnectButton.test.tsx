import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { envoyHarness, signedOut } from './__tests__/envoyHarness.js'
import { EnvoyConnectButton } from './EnvoyConnectButton.js'

beforeEach(() => {
  sessionStorage.clear()
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const connectButton = () =>
  screen.getByRole('button', { name: 'Connect Envoy' }) as HTMLButtonElement

describe('EnvoyConnectButton', () => {
  it('is a plain button named "Connect Envoy", busy and disabled while the connection loads', async () => {
    const h = envoyHarness()
    render(<EnvoyConnectButton via="direct" />, { wrapper: h.wrapper })
    expect(connectButton().type).toBe('button')
    expect(connectButton().dataset.doorwayButton).toBe('envoy')
    expect(connectButton().dataset.via).toBe('direct')
    expect(connectButton().disabled).toBe(true)
    expect(connectButton().getAttribute('aria-busy')).toBe('true')
    await waitFor(() => expect(connectButton().disabled).toBe(false))
    expect(connectButton().getAttribute('aria-busy')).toBe('false')
    expect(connectButton().dataset.state).toBe('disconnected')
    expect(document.querySelector('style, link[rel="stylesheet"]')).toBeNull()
  })

  it('opens the popup synchronously inside the click, is busy while connecting, then is named "Disconnect Envoy"', async () => {
    const h = envoyHarness()
    render(<EnvoyConnectButton via="direct" />, { wrapper: h.wrapper })
    await waitFor(() => expect(connectButton().disabled).toBe(false))
    fireEvent.click(connectButton())
    // No await between the click and this line: a popup opened later would be blocked.
    expect(h.open).toHaveBeenCalledTimes(1)
    fireEvent.click(connectButton())
    expect(h.open).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(connectButton().dataset.state).toBe('connecting'))
    expect(connectButton().disabled).toBe(true)
    expect(connectButton().getAttribute('aria-busy')).toBe('true')
    await waitFor(() => expect(h.popup.location.replace).toHaveBeenCalled())
    h.callback('envoy', `code=c1&state=${h.popupState()}`)
    const disconnect = (await screen.findByRole('button', {
      name: 'Disconnect Envoy',
    })) as HTMLButtonElement
    expect(disconnect.dataset.state).toBe('connected')
    expect(disconnect.disabled).toBe(false)

    fireEvent.click(disconnect)
    await screen.findByRole('button', { name: 'Connect Envoy' })
    expect(h.calls.filter((c) => c.url === '/bff/envoy/disconnect').map((c) => c.body)).toEqual([
      { via: 'direct' },
    ])
  })

  it('redirect mode leaves for Envoy with returnTo kept', async () => {
    const h = envoyHarness()
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    render(<EnvoyConnectButton via="direct" mode="redirect" returnTo="/settings" />, {
      wrapper: h.wrapper,
    })
    await waitFor(() => expect(connectButton().disabled).toBe(false))
    fireEvent.click(connectButton())
    await waitFor(() => expect(assign).toHaveBeenCalled())
    expect(new URL(assign.mock.calls[0]![0]).origin).toBe('https://app.envoy.com')
    expect(h.open).not.toHaveBeenCalled()
    const [tx] = Object.keys(sessionStorage).map((k) => JSON.parse(sessionStorage.getItem(k)!))
    expect(tx).toMatchObject({ flow: 'envoy', returnTo: '/settings' })
  })

  it('reports a failed connect to onError and as data-state="error", and can be tried again', async () => {
    const h = envoyHarness()
    const onError = vi.fn()
    render(<EnvoyConnectButton via="direct" onError={onError} />, { wrapper: h.wrapper })
    await waitFor(() => expect(connectButton().disabled).toBe(false))
    h.open.mockReturnValueOnce(null)
    fireEvent.click(connectButton())
    await waitFor(() => expect(connectButton().dataset.state).toBe('error'))
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'popup_blocked' })
    expect(connectButton().disabled).toBe(false)
  })

  it('is disabled while signed out, and when the BFF does not serve the way', async () => {
    const out = envoyHarness({ session: signedOut })
    render(<EnvoyConnectButton via="direct" />, { wrapper: out.wrapper })
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(connectButton().disabled).toBe(true)
    expect(connectButton().getAttribute('aria-busy')).toBe('false')
    cleanup()

    const unserved = envoyHarness({ connect: { direct: false, rhombus: true, versori: true } })
    render(<EnvoyConnectButton via="direct" />, { wrapper: unserved.wrapper })
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)))
    expect(connectButton().disabled).toBe(true)
  })

  it('passes className, style and other props through; labels can be changed; preventDefault cancels', async () => {
    const h = envoyHarness()
    const onClick = vi.fn((event: { preventDefault(): void }) => event.preventDefault())
    render(
      <EnvoyConnectButton
        via="versori"
        className="primary"
        style={{ color: 'red' }}
        id="envoy"
        onClick={onClick}
        connectLabel="Link Envoy via Versori"
      />,
      { wrapper: h.wrapper },
    )
    const el = screen.getByRole('button', { name: 'Link Envoy via Versori' }) as HTMLButtonElement
    await waitFor(() => expect(el.disabled).toBe(false))
    expect(el.className).toBe('primary')
    expect(el.style.color).toBe('red')
    expect(el.id).toBe('envoy')
    fireEvent.click(el)
    expect(onClick).toHaveBeenCalledTimes(1)
    expect(h.open).not.toHaveBeenCalled()
  })
})
