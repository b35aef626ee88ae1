/**
 * The keys Doorway uses in the react-query cache, exported so apps can prefetch,
 * invalidate and compose (every key starts with `doorwayKeys.all`).
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: doorwayKeys.session })
 * queryClient.removeQueries({ queryKey: doorwayKeys.rhombus() }) // every Rhombus API query
 */
export const doorwayKeys = {
  all: ['doorway'] as const,
  session: ['doorway', 'session'] as const,
  config: ['doorway', 'config'] as const,
  /** One Rhombus API call by path and body; without arguments, the prefix of them all. */
  rhombus: (...call: [path?: string, body?: unknown]): readonly unknown[] => [
    'doorway',
    'rhombus',
    ...call,
  ],
  /** Mutation key of sign-in (a click or a callback being redeemed). */
  signIn: ['doorway', 'signIn'] as const,
  /** Mutation key of sign-out. */
  signOut: ['doorway', 'signOut'] as const,
}
