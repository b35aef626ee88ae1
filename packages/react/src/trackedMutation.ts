import type { DoorwayError } from '@doorway/core'
import { type QueryClient, useMutation } from '@tanstack/react-query'

// Sign-in, sign-out, connects and disconnects are mutations of promises already running:
// client.signIn and connectEnvoy must open their popup in the click, before react-query
// would call a mutationFn. Never paused offline nor retried, as a code exchange must not be
// repeated.
/** Handles a rejection that is reported elsewhere (as state). */
export const noop = () => {}

const tracked = (mutationKey: readonly unknown[]) =>
  ({
    mutationKey,
    mutationFn: (pending: Promise<void>) => pending,
    networkMode: 'always',
    retry: false,
  }) as const

export const useTrackedMutation = (mutationKey: readonly unknown[], queryClient: QueryClient) =>
  useMutation<void, DoorwayError, Promise<void>>(tracked(mutationKey), queryClient)

/** Starts `action` now, synchronously in the caller's click handler, and tracks it. */
export const trackMutation = (
  mutate: ReturnType<typeof useTrackedMutation>['mutate'],
  action: () => Promise<void>,
  onError?: (error: DoorwayError) => void,
) => {
  const pending = action()
  // The mutation reports the error as state; it only awaits the promise a tick later.
  pending.catch(noop)
  mutate(pending, { onError })
}

/**
 * Starts `action` now and tracks it as a mutation of `mutationKey` in the cache, with no
 * observer: for state read from the cache (`useIsMutating`, `useMutationState`), as Envoy's is.
 */
export const trackInCache = (
  queryClient: QueryClient,
  mutationKey: readonly unknown[],
  action: () => Promise<void>,
) => {
  const pending = action()
  pending.catch(noop)
  queryClient
    .getMutationCache()
    .build<void, DoorwayError, Promise<void>, unknown>(queryClient, tracked(mutationKey))
    .execute(pending)
    .catch(noop)
}
