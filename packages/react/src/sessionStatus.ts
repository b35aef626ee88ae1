import type { DoorwayError, SessionSummary } from '@doorway/core'
import type { MutationSummary } from './DoorwayContext.js'

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

/** What the status is read from: the session query's data and error. */
export interface SessionQueryState {
  data: SessionSummary | undefined
  error: DoorwayError | null
}

/** The sign-in and sign-out mutations, as the provider shares them. */
export interface SessionMutationsState {
  signingIn: MutationSummary
  signingOut: MutationSummary
}

/**
 * The sign-in status and the error to show, from the session query and the sign-in and
 * sign-out mutations only. A failed session read is `error` until a read succeeds (a retry
 * or another tab's change); a sign-out under way keeps the session it ends.
 */
export function sessionStatus(
  { data, error: readError }: SessionQueryState,
  { signingIn, signingOut }: SessionMutationsState,
): { status: RhombusLoginStatus; error: DoorwayError | null } {
  const error = signingIn.error ?? signingOut.error ?? readError
  return {
    status: signingIn.isPending
      ? 'authenticating'
      : data?.authenticated
        ? 'authenticated'
        : error
          ? 'error'
          : data?.expired
            ? 'expired'
            : data
              ? 'unauthenticated'
              : 'loading',
    error,
  }
}
