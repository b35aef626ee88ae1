import type { DoorwayError, SessionSummary, SignInOptions, SignOutOptions } from '@doorway/core'
import { useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { sessionQueryOptions } from './sessionQueryOptions.js'
import { type RhombusLoginStatus, sessionStatus } from './sessionStatus.js'

export type { RhombusLoginStatus }

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
  /**
   * The last sign-in, callback, sign-out or session error, kept as state (never thrown):
   * show its `code` and `hint`. A failed session read stays until `retry()` or another tab.
   */
  error: DoorwayError | null
  /** Reads the session again (after a failed read); the error stays until a read succeeds. */
  retry(): void
  /**
   * Starts signing in with Rhombus. Call it from a click handler: a popup must open
   * before any await. Does nothing while a sign-in is already under way. Its error is
   * `error`, and also given to `onError`.
   */
  signIn(options?: SignInOptions, onError?: (error: DoorwayError) => void): void
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
  const context = useDoorwayContext()
  const { signingIn, signingOut } = context
  const query = useQuery(sessionQueryOptions(context.client), context.queryClient)
  const session = query.data
  return {
    // signIn, signOut and retry (the rest of the context is not part of the result's type).
    ...context,
    ...sessionStatus(query, context),
    session,
    isAuthenticated: !!session?.authenticated,
    isPartner: !!session?.isPartner,
    org: session?.org,
    expiresAt: session?.expiresAt,
    isExpired: !!session?.expired,
    isSigningIn: signingIn.isPending,
    isSigningOut: signingOut.isPending,
  }
}
