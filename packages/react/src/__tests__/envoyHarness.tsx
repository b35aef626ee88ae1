import {
  createDoorwayClient,
  type EnvoyConnection,
  type EnvoyVia,
  envoyFlows,
  type PublicConfig,
  rhombusSignIn,
  type SessionSummary,
} from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import { act } from '@testing-library/react'
import type { ReactNode } from 'react'
import { type Mock, vi } from 'vitest'
import { DoorwayProvider } from '../DoorwayProvider.js'

export const versoriOrigin = 'https://platform.versori.com'
export const envoyAuthorizeUrl = 'https://app.envoy.com/a/auth/v0/authorize'
export const rhombusRedirectUrl = 'https://app.envoy.com/a/auth/v0/authorize?client_id=rhombus'
export const versoriUrl = `${versoriOrigin}/authorize?state=versori-state-1`

export const signedIn: SessionSummary = { authenticated: true, provider: 'rhombus', user: null }
export const signedOut: SessionSummary = { authenticated: false }

export interface Call {
  method: string
  url: string
  body: unknown
}

const problem = (code: string, status: number, detail?: string) =>
  new Response(JSON.stringify({ code, status, detail, title: code }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })
const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })

export interface FakePopup {
  closed: boolean
  close: Mock<() => void>
  location: { replace: Mock<(url: string) => void> }
  postMessage: Mock<(message: unknown, target: string) => void>
}

/** Lets react-query's batched notifications (a macrotask) and the re-render they cause run. */
export const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)))

/**
 * The real Doorway client on happy-dom's window, over a stateful fake BFF that serves the
 * Envoy routes of docs/architecture.md. `overrides` answers `"METHOD /bff/path"` its own way.
 */
export function envoyHarness({
  session = signedIn,
  connect = { direct: true, rhombus: true, versori: true },
  overrides = {},
}: {
  session?: SessionSummary
  connect?: PublicConfig['connect']
  overrides?: Record<string, (call: Call) => Response | Promise<Response>>
} = {}) {
  const server = {
    session,
    connections: {
      direct: { status: 'disconnected', via: 'direct' },
      rhombus: { status: 'disconnected', via: 'rhombus' },
      versori: { status: 'disconnected', via: 'versori' },
    } as Record<EnvoyVia, EnvoyConnection>,
  }
  const calls: Call[] = []
  const log: string[] = []
  const config: PublicConfig = {
    providers: {
      envoy: {
        clientId: 'envoy-client',
        authorizeUrl: envoyAuthorizeUrl,
        scope: 'locations.read token.refresh',
        redirectUri: `${window.location.origin}/oauth/callback/envoy`,
      },
    },
    connect,
    versori: { callbackOrigin: versoriOrigin },
  }
  const connected = (via: EnvoyVia): EnvoyConnection => {
    server.connections[via] = { status: 'connected', via, companyId: '10000' }
    return server.connections[via]
  }

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call: Call = {
      method: init.method ?? 'GET',
      url: String(input),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : null,
    }
    calls.push(call)
    log.push(`fetch ${call.method} ${call.url}`)
    const key = `${call.method} ${call.url.split('?')[0]}`
    const override = overrides[`${call.method} ${call.url}`] ?? overrides[key]
    if (override) return override(call)
    const via = new URL(call.url, 'http://x').searchParams.get('via') as EnvoyVia
    switch (key) {
      case 'GET /bff/config':
        return json(config)
      case 'GET /bff/session':
        return json(server.session)
      case 'POST /bff/auth/signout':
        server.session = signedOut
        return json(signedOut)
      case 'GET /bff/envoy/connection':
        return json(server.connections[via])
      case 'POST /bff/auth/envoy/state':
        return new Response(null, { status: 204 })
      case 'POST /bff/auth/envoy/exchange':
        return json(connected('direct'))
      case 'POST /bff/envoy/rhombus/initiate':
        return json({ redirectUrl: rhombusRedirectUrl })
      case 'POST /bff/envoy/versori/initialise':
        return json({ url: versoriUrl, state: 'versori-state-1' })
      case 'POST /bff/envoy/versori/complete':
        return json(connected('versori'))
      case 'POST /bff/envoy/disconnect': {
        const { via: which } = call.body as { via: EnvoyVia }
        server.connections[which] = { status: 'disconnected', via: which }
        return json(server.connections[which])
      }
      case 'GET /bff/envoy/api/v1/locations':
        return server.connections.direct.status === 'connected'
          ? json({ data: [{ id: '1', attributes: { name: 'Headquarters' } }] })
          : problem('envoy_disconnected', 401)
      default:
        return problem('not_found', 404)
    }
  })

  const popup: FakePopup = {
    closed: false,
    close: vi.fn(() => {
      popup.closed = true
    }),
    location: { replace: vi.fn() },
    postMessage: vi.fn(),
  }
  const open = vi.spyOn(window, 'open').mockImplementation(() => {
    log.push('open')
    popup.closed = false
    return popup as unknown as Window
  })
  const client = createDoorwayClient({
    fetch: fetch as unknown as typeof globalThis.fetch,
    flows: [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus],
  })
  const queryClient = new QueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <DoorwayProvider client={client} queryClient={queryClient}>
      {children}
    </DoorwayProvider>
  )
  /** Plays a message arriving at this window (a popup's hand-off or Versori's answer). */
  const post = (data: unknown, origin = window.location.origin, source: unknown = popup) =>
    act(() => {
      window.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }))
    })
  /** The state of the authorize URL the popup was sent to last. */
  const popupState = () =>
    new URL(popup.location.replace.mock.calls.at(-1)![0]).searchParams.get('state')!
  /** Our callback page in the popup hands the callback of `provider` to this window. */
  const callback = (provider: string, query: string) =>
    post({
      type: 'doorway:callback',
      url: `${window.location.origin}/oauth/callback/${provider}?${query}`,
    })
  return {
    server,
    calls,
    log,
    fetch,
    popup,
    open,
    client,
    queryClient,
    wrapper,
    post,
    popupState,
    callback,
    connected,
  }
}
