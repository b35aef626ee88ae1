import {
  type DoorwayClient,
  type DoorwayError,
  type EnvoyConnection,
  envoyChanges,
  type SessionSummary,
} from '@doorway/core'
import { type MutationState, type QueryClient, useMutationState } from '@tanstack/react-query'
import { envoyKey, sessionKey, userKey } from './doorwayKeys.js'

// What Doorway's changes do to the react-query cache, how its own mutations live there,
// and when a failed read is tried again.

/**
 * Retries network failures, timeouts and 5xx twice; an answer the BFF gave on purpose
 * (401, 403, any 4xx) is final, so a signed-out user is not kept waiting.
 */
export const shouldRetry = (failureCount: number, error: DoorwayError): boolean =>
  failureCount < 2 && (error.status ?? 500) >= 500

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

/**
 * A session change (a sign-in, a sign-out, an expiry, a retried read, another tab's change)
 * once it comes: the session query holds it; the user's data goes with a sign-out (Envoy's
 * connects and disconnects too) and is read again when another user signs in.
 */
export async function applySession(
  queryClient: QueryClient,
  pending: SessionSummary | null | undefined | Promise<SessionSummary | null | undefined>,
): Promise<void> {
  const session = await pending
  if (!session) return
  // A session read started before the change would otherwise overwrite this one.
  await queryClient.cancelQueries({ queryKey: sessionKey })
  const before = queryClient.getQueryData<SessionSummary>(sessionKey)
  queryClient.setQueryData(sessionKey, session)
  // Only an authenticated session names a user.
  if (!session.authenticated) {
    queryClient.removeQueries({ queryKey: userKey })
    const mutations = queryClient.getMutationCache()
    for (const m of mutations.findAll({ mutationKey: userKey })) mutations.remove(m)
  } else if (JSON.stringify(before?.user) !== JSON.stringify(session.user)) {
    await queryClient.resetQueries({ queryKey: userKey })
  }
}

/**
 * An Envoy connection change (a connect, a disconnect, a connection found gone, another
 * tab's): its way's connection query holds it; a new direct connection reads Envoy API data
 * again.
 */
export async function applyEnvoyConnection(
  queryClient: QueryClient,
  connection: EnvoyConnection,
): Promise<void> {
  const queryKey = envoyKey('connection', connection.via)
  // A read started before the change would otherwise overwrite its connection.
  await queryClient.cancelQueries({ queryKey })
  queryClient.setQueryData(queryKey, connection)
  if (connection.via === 'direct' && connection.status === 'connected') {
    await queryClient.invalidateQueries({ queryKey: envoyKey('api') })
  }
}

/**
 * Applies every session change of `client`, in this tab and the others, to `queryClient`;
 * returns the unsubscribe. `<DoorwayProvider>` subscribes it once.
 */
export const subscribeCachePolicy = (client: DoorwayClient, queryClient: QueryClient) =>
  client.subscribe((session) => void applySession(queryClient, session))

const envoyListeners = /* @__PURE__ */ new WeakMap<QueryClient, { users: number; off(): void }>()

/**
 * Applies every Envoy change (`envoyChanges`, this tab's and the others') to `queryClient`,
 * once however many Envoy hooks ask; returns the unsubscribe. The Envoy hooks subscribe it
 * rather than the provider, so that an app without Envoy does not ship it.
 */
export function subscribeEnvoyChanges(queryClient: QueryClient): () => void {
  let listener = envoyListeners.get(queryClient)
  if (!listener) {
    const off = envoyChanges.subscribe(
      (connection) => void applyEnvoyConnection(queryClient, connection),
    )
    listener = { users: 0, off }
    envoyListeners.set(queryClient, listener)
  }
  const current = listener
  current.users++
  return () => {
    if (--current.users > 0) return
    current.off()
    envoyListeners.delete(queryClient)
  }
}
