import type { EnvoyVia } from '@doorway/core'

/** What an Envoy key names: a way's connection, an API call, or a connect or disconnect. */
export type EnvoyKeyKind = 'connection' | 'api' | 'connect' | 'disconnect'

// The keys the sign-in path reads, one constant each, so that an app that never imports
// `doorwayKeys` ships only these (the object below is dropped by tree-shaking).
export const sessionKey = ['doorway', 'session'] as const
export const userKey = ['doorway', 'user'] as const
export const signInKey = ['doorway', 'signIn'] as const
export const signOutKey = ['doorway', 'signOut'] as const
export const rhombusKey = (
  ...call: [path?: string, body?: unknown, org?: string]
): readonly unknown[] => ['doorway', 'user', 'rhombus', ...call]
export const envoyKey = (...key: [kind?: EnvoyKeyKind, id?: string]): readonly unknown[] => [
  'doorway',
  'user',
  'envoy',
  ...key,
]

/**
 * The keys Doorway uses in the react-query cache, exported so apps can prefetch,
 * invalidate and compose (every key starts with `doorwayKeys.all`; the signed-in user's
 * data, which goes with a sign-out, with `doorwayKeys.user`).
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: doorwayKeys.session })
 * queryClient.removeQueries({ queryKey: doorwayKeys.rhombus() }) // every Rhombus API query
 * queryClient.invalidateQueries({ queryKey: doorwayKeys.envoy('connection') }) // every Envoy connection
 */
export const doorwayKeys = {
  all: ['doorway'] as const,
  session: sessionKey,
  config: ['doorway', 'config'] as const,
  /** The prefix of the signed-in user's data: Rhombus and Envoy queries, Envoy mutations. */
  user: userKey,
  /**
   * One Rhombus API call by path and body (and client org, for a partner acting for one);
   * without arguments, the prefix of them all (the user's API keys included).
   */
  rhombus: rhombusKey,
  /** The signed-in user's Rhombus API keys (under the `rhombus()` prefix). */
  rhombusApiKeys: ['doorway', 'user', 'rhombus', 'api-keys'] as const,
  /**
   * Envoy: `envoy('connection', via)` is a way's connection, `envoy('api', path)` an Envoy
   * API call, `envoy('connect', via)` and `envoy('disconnect', via)` mutations; with fewer
   * arguments, the prefix of them.
   */
  envoy: envoyKey,
  /** Mutation key of sign-in (a click or a callback being finished). */
  signIn: signInKey,
  /** Mutation key of sign-out. */
  signOut: signOutKey,
}

/** An Envoy connect or disconnect, as {@link parseEnvoyMutationKey} reads its key. */
export interface EnvoyMutation {
  kind: 'connect' | 'disconnect'
  via: EnvoyVia
}

/**
 * Reads back a key made by `doorwayKeys.envoy('connect' | 'disconnect', via)`: its kind and
 * way; undefined for any other key.
 */
export function parseEnvoyMutationKey(
  key: readonly unknown[] | undefined,
): EnvoyMutation | undefined {
  const [all, area, provider, kind, via] = key ?? []
  return all === 'doorway' &&
    area === 'user' &&
    provider === 'envoy' &&
    (kind === 'connect' || kind === 'disconnect')
    ? { kind, via: via as EnvoyVia }
    : undefined
}

/**
 * Mutation filters of the Envoy connects and disconnects of one way (of every way without
 * `via`), for `useMutationState`, `useIsMutating` or `queryClient.isMutating`.
 *
 * @example
 * useIsMutating(envoyMutationFilters('direct'))
 */
export const envoyMutationFilters = (via?: EnvoyVia) => ({
  predicate: (mutation: { options: { mutationKey?: readonly unknown[] } }) => {
    const parsed = parseEnvoyMutationKey(mutation.options.mutationKey)
    return parsed !== undefined && (via === undefined || parsed.via === via)
  },
})
