import type { DoorwayError } from '@doorway/core'
import { type MutationState, type QueryClient, useMutationState } from '@tanstack/react-query'

// Sign-in, sign-out, connects and disconnects are mutations of promises already running:
// client.signIn and connectEnvoy must open their popup in the click, before react-query
// would call a mutationFn. Never paused offline nor retried, as a code exchange must not be
// repeated. They live in the cache, not in an observer, so that every component reads the
// same one (useMutationState, useIsMutating), and stay there (their error is state) until
// the cache policy drops them.

/** Handles a rejection that is reported elsewhere (as state). */
export const noop = () => {}

/**
 * Starts `action` now, synchronously in the caller's click handler, and tracks it in the
 * cache as a mutation of `mutationKey`; `onError` hears its failure.
 */
export function track(
  queryClient: QueryClient,
  mutationKey: readonly unknown[],
  action: () => Promise<unknown>,
  onError: (error: DoorwayError) => void = noop,
): void {
  const pending = action()
  pending.catch(onError)
  queryClient
    .getMutationCache()
    .build<unknown, unknown, void, unknown>(queryClient, {
      mutationKey,
      mutationFn: () => pending,
      networkMode: 'always',
      retry: false,
      gcTime: Number.POSITIVE_INFINITY,
    })
    .execute()
    .catch(noop)
}

/** The state of the latest mutation of `mutationKey`, whichever component started it. */
export const useLastMutation = (mutationKey: readonly unknown[], queryClient: QueryClient) =>
  useMutationState({ filters: { mutationKey } }, queryClient).at(-1) as
    | MutationState<unknown, DoorwayError>
    | undefined
