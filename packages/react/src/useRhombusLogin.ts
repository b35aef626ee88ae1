import type { DoorwayError, SessionSummary, SignInOptions, SignOutOptions } from '@doorway/core'
import { useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { sessionQueryOptions } from './sessionQueryOptions.js'

/**
 * Where sign-in stands: `loading` until the session is known, `authenticating` while a
 * sign-in or callback is under way, `error` when the last attempt or the session read failed,
 * `expired` when the session ended by itself (at `expiresAt`, or the provider stopped
 * accepting its token): prompt the user to sign in again.
 */
export type RhombusLoginStatus =
  | 'loading'
  | 'unauthenticated'
  | 'authenticating'
  | 'authenticated'
  | 'expired'
  | 'error'

export interface RhombusLogin {
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
  /** The last sign-in, callback, sign-out or session error, kept as state (never thrown). */
  error: DoorwayError | null
  /**
   * Starts signing in with Rhombus. Call it from a click handler: a popup must open
   * before any await. Does nothing while a sign-in is already under way.
   */
  signIn(options?: SignInOptions): void
  /**
   * Signs out, in every tab; with `{ everywhere: true }`, ends every session of this user
   * on the server (other browsers and devices too).
   */
  signOut(options?: SignOutOptions): void
  isSigningIn: boolean
  isSigningOut: boolean
}

/**
 * The Rhombus sign-in state and actions: the session is one query, sign-in and sign-out
 * are mutations shared by every component under the same `<DoorwayProvider>`.
 *
 * @example
 * const { status, isAuthenticated, org, signIn, signOut } = useRhombusLogin()
 * <button onClick={() => signIn({ mode: 'popup' })}>Sign in</button>
 * <p>Signed in to {org?.name}</p>
 * <button onClick={() => signOut({ everywhere: true })}>Sign out everywhere</button>
 */
export function useRhombusLogin(): RhombusLogin {
  const { client, queryClient, signIn, signOut, signingIn, signingOut } = useDoorwayContext()
  const { data: session, error: sessionError } = useQuery(sessionQueryOptions(client), queryClient)
  const isAuthenticated = session?.authenticated === true
  const isExpired = session?.expired === true
  const error = signingIn.error ?? signingOut.error ?? sessionError
  return {
    status: signingIn.isPending
      ? 'authenticating'
      : isAuthenticated
        ? 'authenticated'
        : error
          ? 'error'
          : isExpired
            ? 'expired'
            : session
              ? 'unauthenticated'
              : 'loading',
    session,
    isAuthenticated,
    isPartner: session?.isPartner === true,
    org: session?.org,
    expiresAt: session?.expiresAt,
    isExpired,
    error,
    signIn,
    signOut,
    isSigningIn: signingIn.isPending,
    isSigningOut: signingOut.isPending,
  }
}
