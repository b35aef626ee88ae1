import type { CallbackResult, DoorwayClient, SessionSummary } from '@doorway/core'
import { vi } from 'vitest'

export const signedOut: SessionSummary = { authenticated: false }
export const signedIn: SessionSummary = {
  authenticated: true,
  provider: 'rhombus',
  user: { id: 'u1', email: 'ada@example.com' },
  isPartner: true,
  expiresAt: 1_900_000_000_000,
}

/** A promise with its resolve and reject, to hold a call open. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/**
 * A hand-written DoorwayClient: every method is a spy, the BFF's session is `server.session`,
 * and `emit` plays a session change reported by another tab.
 */
export function fakeClient(session: SessionSummary = signedOut) {
  const server = { session }
  const listeners = new Set<(session: SessionSummary) => void>()
  const fake = {
    getConfig: vi.fn(async () => ({ providers: {} })),
    getSession: vi.fn(async (): Promise<SessionSummary> => server.session),
    signIn: vi.fn(async (): Promise<SessionSummary | undefined> => undefined),
    callbackFlow: vi.fn((): string | null => null),
    handleCallback: vi.fn(async (): Promise<CallbackResult | null> => null),
    signOut: vi.fn(async (): Promise<SessionSummary> => {
      server.session = signedOut
      return signedOut
    }),
    rhombus: { request: vi.fn(async (): Promise<unknown> => ({ users: [] })) },
    request: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({})),
    subscribe: vi.fn((listener: (session: SessionSummary) => void) => {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    }),
  }
  return {
    fake,
    client: fake as unknown as DoorwayClient,
    server,
    listeners,
    emit(next: SessionSummary) {
      server.session = next
      for (const listener of listeners) listener(next)
    },
  }
}
