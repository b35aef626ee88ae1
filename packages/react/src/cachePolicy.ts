import {
  type DoorwayClient,
  type EnvoyConnection,
  envoyChanges,
  type SessionSummary,
} from '@doorway/core'
import type { QueryClient } from '@tanstack/react-query'
import { envoyKey, sessionKey, userKey } from './doorwayKeys.js'

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
