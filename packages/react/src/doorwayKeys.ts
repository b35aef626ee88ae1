/**
 * The keys Doorway uses in the react-query cache, exported so apps can prefetch,
 * invalidate and compose (every key starts with `doorwayKeys.all`).
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: doorwayKeys.session })
 * queryClient.removeQueries({ queryKey: doorwayKeys.rhombus() }) // every Rhombus API query
 * queryClient.invalidateQueries({ queryKey: doorwayKeys.envoy('connection') }) // every Envoy connection
 */
export const doorwayKeys = {
  all: ['doorway'] as const,
  session: ['doorway', 'session'] as const,
  config: ['doorway', 'config'] as const,
  /**
   * One Rhombus API call by path and body (and client org, for a partner acting for one);
   * without arguments, the prefix of them all (the user's API keys included).
   */
  rhombus: (...call: [path?: string, body?: unknown, org?: string]): readonly unknown[] => [
    'doorway',
    'rhombus',
    ...call,
  ],
  /** The signed-in user's Rhombus API keys (under the `rhombus()` prefix). */
  rhombusApiKeys: ['doorway', 'rhombus', 'api-keys'] as const,
  /**
   * Envoy: `envoy('connection', via)` is a way's connection, `envoy('api', path)` an Envoy
   * API call, `envoy('connect', via)` and `envoy('disconnect', via)` mutations; with fewer
   * arguments, the prefix of them.
   */
  envoy: (
    ...key: [kind?: 'connection' | 'api' | 'connect' | 'disconnect', id?: string]
  ): readonly unknown[] => ['doorway', 'envoy', ...key],
  /** Mutation key of sign-in (a click or a callback being redeemed). */
  signIn: ['doorway', 'signIn'] as const,
  /** Mutation key of sign-out. */
  signOut: ['doorway', 'signOut'] as const,
}
