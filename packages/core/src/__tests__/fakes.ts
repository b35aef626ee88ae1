import { expect, type Mock, vi } from 'vitest'
import type { DoorwayError } from '../errors.js'
import type { PublicConfig, RhombusProtocol, SessionSummary } from '../wire.js'

export const origin = 'http://localhost:5173'
export const redirectUri = `${origin}/oauth/callback/rhombus`
export const consoleUrl = 'http://127.0.0.1:4000/rhombus/console'
export const signedIn: SessionSummary = {
  authenticated: true,
  provider: 'rhombus',
  user: { email: 'ada@example.com' },
  expiresAt: 1_900_000_000_000,
}

export const config = (protocol: RhombusProtocol = 'oauth2'): PublicConfig => ({
  providers: { rhombus: { clientId: 'sandbox-client', protocol, consoleUrl, redirectUri } },
})

export const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } })

export interface Call {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
  init: RequestInit
}

/** A fetch that records every call; `log` is shared with the fake window to check order. */
export function fakeFetch(
  handler: (url: string, init: RequestInit) => Response | Promise<Response> = bff(),
  log: string[] = [],
) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input)
    log.push(`fetch ${url}`)
    calls.push({
      url,
      init,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
    })
    return handler(url, init)
  })
  return { fetch: fetch as unknown as typeof globalThis.fetch, calls, log }
}

/** The BFF's routes as the contract in docs/architecture.md describes them. */
export function bff(protocol: RhombusProtocol = 'oauth2', session = signedIn) {
  return (url: string) => {
    if (url === '/bff/config') return json(config(protocol))
    if (url === '/bff/session') return json(session)
    if (url === '/bff/auth/rhombus/exchange') return json(session)
    if (url === '/bff/auth/signout') return json({ authenticated: false })
    return json({ code: 'not_found', status: 404 }, 404, 'application/problem+json')
  }
}

export interface FakePopup {
  closed: boolean
  close: () => void
  location: { replace: (url: string) => void }
  postMessage: Mock<(message: unknown, targetOrigin: string) => void>
}

export function fakePopup(): FakePopup {
  const popup: FakePopup = {
    closed: false,
    close: vi.fn(() => {
      popup.closed = true
    }),
    location: { replace: vi.fn() },
    postMessage: vi.fn(),
  }
  return popup
}

/** Just enough of `window` for the client: location, history, open, messages. */
export interface FakeWindow extends EventTarget {
  location: {
    readonly href: string
    readonly origin: string
    readonly pathname: string
    readonly search: string
    readonly hash: string
    assign: Mock<(to: string) => void>
  }
  history: {
    state: unknown
    replaceState: Mock<(state: unknown, title: string, to: string) => void>
  }
  open: Mock<() => FakePopup | null>
  opener: unknown
  name: string
  close: Mock<() => void>
  sessionStorage: Storage
  /** Test helper: the browser navigated here. */
  go(to: string): void
}

export function fakeWindow(href = `${origin}/dashboard?tab=1#top`, log: string[] = []): FakeWindow {
  let url = new URL(href)
  const target = new EventTarget()
  const w = Object.assign(target, {
    location: {
      get href() {
        return url.href
      },
      get origin() {
        return url.origin
      },
      get pathname() {
        return url.pathname
      },
      get search() {
        return url.search
      },
      get hash() {
        return url.hash
      },
      assign: vi.fn((to: string) => {
        log.push(`assign ${to}`)
      }),
    },
    history: {
      state: { router: 'kept' } as unknown,
      replaceState: vi.fn((_state: unknown, _title: string, to: string) => {
        log.push('replaceState')
        url = new URL(to, url)
      }),
    },
    open: vi.fn((): FakePopup | null => null),
    opener: null as unknown,
    name: '',
    close: vi.fn(),
    sessionStorage,
    go(to: string) {
      url = new URL(to, url)
    },
  })
  return w
}

export const asWindow = (w: FakeWindow | FakePopup) => w as unknown as Window

/** Asserts that `promise` rejects with a DoorwayError of `code` and returns the error. */
export async function rejectsWith(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  // By name, not instanceof: some tests load a fresh copy of the modules (a new page).
  expect(error).toBeInstanceOf(Error)
  expect([(error as DoorwayError).name, (error as DoorwayError).code]).toEqual([
    'DoorwayError',
    code,
  ])
  return error as DoorwayError
}

/** A second tab's sessionStorage. */
export function memoryStorage(): Storage {
  const map = new Map<string, string>()
  return {
    get length() {
      return map.size
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, String(value)),
    removeItem: (key: string) => void map.delete(key),
    clear: () => map.clear(),
  }
}
