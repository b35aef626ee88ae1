import type { DoorwayError } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { DoorwayContextValue } from './DoorwayContext.js'
import { type RhombusQueryOptions, rhombusQueryOptions } from './rhombusQueryOptions.js'
import { type RhombusLogin, useRhombusLogin } from './useRhombusLogin.js'

/**
 * Calls the Rhombus API through the BFF proxy, as a query that runs only while signed
 * in (an `enabled` option can only narrow that further).
 *
 * @example
 * const users = useRhombusQuery<UsersInOrg>('/user/getUsersInOrg', {})
 */
export function useRhombusQuery<T = unknown, TData = T>(
  path: string,
  body?: unknown,
  options?: RhombusQueryOptions<T, TData>,
): UseQueryResult<TData, DoorwayError> {
  // useRhombusLogin's result carries the provider's context too.
  const { client, queryClient, isAuthenticated } = useRhombusLogin() as RhombusLogin &
    DoorwayContextValue
  return useQuery(
    rhombusQueryOptions(client, path, body, {
      ...options,
      enabled: isAuthenticated && (options?.enabled ?? true),
    }),
    queryClient,
  )
}
