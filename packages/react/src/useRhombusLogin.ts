import type { DoorwayError, SignInOptions, SignOutOptions } from '@doorway/core'
import { useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { signInKey, signOutKey } from './doorwayKeys.js'
import { sessionQueryOptions } from './sessionQueryOptions.js'
import { type RhombusLoginState, type RhombusLoginStatus, sessionStatus } from './sessionStatus.js'
import { useLastMutation } from './trackedMutation.js'

export type { RhombusLoginState, RhombusLoginStatus }

/** What {@link useRhombusLogin} returns: the sign-in state and its actions. */
export interface UseRhombusLoginResult extends RhombusLoginState {
  /** Reads the session again (after a failed read); the error stays until a read succeeds. */
  retry(): void
  /**
   * Starts signing in with Rhombus. Call it from a click handler: a popup must open
   * before any await. While a sign-in runs, joins it (core runs one attempt at a time). Its error is
   * `error`, and also given to `onError`.
   */
  signIn(options?: SignInOptions, onError?: (error: DoorwayError) => void): void
  /**
   * Signs out, in every tab; with `{ everywhere: true }`, ends every session of this user
   * on the server (other browsers and devices too).
   */
  signOut(options?: SignOutOptions): void
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
export function useRhombusLogin(): UseRhombusLoginResult {
  // The rest of the context is the actions: signIn, signOut and retry.
  const { client, queryClient, ...actions } = useDoorwayContext()
  const query = useQuery(sessionQueryOptions(client), queryClient)
  const signingIn = useLastMutation(signInKey, queryClient)
  const signingOut = useLastMutation(signOutKey, queryClient)
  return {
    ...sessionStatus(query, { signingIn, signingOut }),
    ...actions,
  }
}
