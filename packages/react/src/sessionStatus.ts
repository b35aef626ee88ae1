import type { DoorwayError, SessionSummary } from '@doorway/core'
import type { MutationStatus } from '@tanstack/react-query'

/**
 * Where sign-in stands: `loading` until the session is known, `authenticating` while a
 * sign-in or callback is under way, `error` when the last attempt or the session read failed,
 * `expired` when the session ended by itself (at `expiresAt`, or the provider stopped
 * accepting its token): prompt the user to sign in again. A sign-out under way keeps the
 * status of the session it ends (`isSigningOut` tells it).
 */
export type RhombusLoginStatus =
  | 'loading'
  | 'unauthenticated'
  | 'authenticating'
  | 'authenticated'
  | 'expired'
  | 'error'

/** What the state is read from: the session query's data and error. */
export interface SessionQueryState {
  data: SessionSummary | undefined
  error: DoorwayError | null
}

/** The latest sign-in or sign-out as the cache holds it (undefined before the first). */
export type SessionMutation = { status: MutationStatus; error: DoorwayError | null } | undefined

/** The latest sign-in (a click or a callback) and sign-out, whichever component started them. */
export interface SessionMutationsState {
  signingIn: SessionMutation
  signingOut: SessionMutation
}

/** The state part of `useRhombusLogin`'s result (the rest is its actions). */
export interface RhombusLoginState {
  status: RhombusLoginStatus
  session: SessionSummary | undefined
  isAuthenticated: boolean
  isPartner: boolean
  /** The signed-in user's Rhombus organisation (`{uuid, name}`), as the BFF reports it. */
  org: SessionSummary['org']
  /**
   * When the session ends, in epoch milliseconds; it then ends by itself, in every tab.
   * For a ticking remaining lifetime, see `useSessionExpiry`.
   */
  expiresAt: number | undefined
  /** The session expired: sign in again (`status` is `expired` unless a newer attempt runs). */
  isExpired: boolean
  /**
   * The last sign-in, callback, sign-out or session error, kept as state (never thrown):
   * show its `code` and `hint`. A failed session read stays until `retry()` or another tab.
   */
  error: DoorwayError | null
  isSigningIn: boolean
  isSigningOut: boolean
}

/**
 * The sign-in state, from the session query and the sign-in and sign-out mutations only:
 * `useRhombusLogin` and the prebuilt buttons read it. A failed session read is `error` until
 * a read succeeds (a retry or another tab's change); a sign-out under way keeps the session
 * it ends.
 */
export function sessionStatus(
  { data: session, error: readError }: SessionQueryState,
  { signingIn, signingOut }: SessionMutationsState,
): RhombusLoginState {
  const error = signingIn?.error ?? signingOut?.error ?? readError
  const isSigningIn = signingIn?.status === 'pending'
  return {
    // In this order: a sign-in under way, a session, an error, an expiry, a known session.
    status: isSigningIn
      ? 'authenticating'
      : session?.authenticated
        ? 'authenticated'
        : error
          ? 'error'
          : session?.expired
            ? 'expired'
            : session
              ? 'unauthenticated'
              : 'loading',
    error,
    session,
    isAuthenticated: !!session?.authenticated,
    isPartner: !!session?.isPartner,
    org: session?.org,
    expiresAt: session?.expiresAt,
    isExpired: !!session?.expired,
    isSigningIn,
    isSigningOut: signingOut?.status === 'pending',
  }
}
