'use client'

import type {
  DoorwayClient,
  DoorwayError,
  PublicConfig,
  SessionSummary,
  SignInOptions,
  SignOutOptions,
} from '@doorway/core'
import { queryOptions, useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { shouldRetry, useLastMutation } from './cachePolicy.js'
import { useDoorwayContext } from './DoorwayProvider.js'
import { doorwayKeys, sessionKey, signInKey, signOutKey } from './doorwayKeys.js'
import { type RhombusLoginState, type RhombusLoginStatus, sessionStatus } from './sessionStatus.js'

export type { RhombusLoginState, RhombusLoginStatus }

/**
 * Query options of the session (`GET /bff/session`), the one query every Doorway hook
 * reads. Use them to prefetch or read the session outside React.
 *
 * @example
 * await queryClient.prefetchQuery(sessionQueryOptions(client))
 */
export const sessionQueryOptions = (client: DoorwayClient) =>
  queryOptions<SessionSummary, DoorwayError>({
    queryKey: sessionKey,
    queryFn: () => client.getSession(),
    staleTime: 60_000,
    retry: shouldRetry,
    // A failed read stays failed until a read the user (`retry()`) or another tab asks for:
    // not read again when a component mounts, the window regains focus or the network
    // returns (each would reset it to loading, unmount the sign-in button that mounted it,
    // and loop).
    enabled: ({ state }) => !state.error,
  })

/**
 * Query options of the BFF's public configuration, for example to show a sign-in button
 * only when Rhombus is configured. It changes only on deploy, so it never goes stale.
 *
 * @example
 * const config = useQuery(configQueryOptions(useDoorwayClient()))
 * {config.data?.providers.rhombus && <RhombusLoginButton />}
 */
export function configQueryOptions(client: DoorwayClient) {
  return queryOptions<PublicConfig, DoorwayError>({
    queryKey: doorwayKeys.config,
    queryFn: () => client.getConfig(),
    staleTime: Number.POSITIVE_INFINITY,
    retry: shouldRetry,
  })
}

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

/** The session's remaining lifetime, as {@link useSessionExpiry} tells it. */
export interface SessionExpiry {
  /** When the session ends, in epoch milliseconds; undefined when not signed in. */
  expiresAt: number | undefined
  /** Milliseconds left (0 once past), updated every `intervalMs`; undefined when not signed in. */
  remainingMs: number | undefined
  /** The session has expired: prompt to sign in again. */
  isExpired: boolean
}

/**
 * The signed-in session's remaining lifetime, re-rendering every `intervalMs` (default one
 * second) while signed in, for a countdown or a "your session ends soon" warning. The
 * session ends by itself at `expiresAt`, in every tab: `useRhombusLogin` then reports
 * `status: 'expired'`.
 *
 * @example
 * const { remainingMs } = useSessionExpiry()
 * {remainingMs !== undefined && remainingMs < 60_000 && <p>Your session ends in a minute.</p>}
 */
export function useSessionExpiry(intervalMs = 1000): SessionExpiry {
  const { isAuthenticated, expiresAt, isExpired } = useRhombusLogin()
  const [now, setNow] = useState(Date.now)
  const ticking = isAuthenticated && expiresAt !== undefined
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [ticking, intervalMs])
  return {
    expiresAt: ticking ? expiresAt : undefined,
    remainingMs: ticking ? Math.max(0, expiresAt - now) : undefined,
    isExpired,
  }
}
