import type { DoorwayError } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { type RhombusQueryOptions, rhombusQueryOptions } from './rhombusQueryOptions.js'
import { useRhombusLogin } from './useRhombusLogin.js'

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
  const { client, queryClient } = useDoorwayContext()
  const { isAuthenticated } = useRhombusLogin()
  return useQuery(
    rhombusQueryOptions(client, path, body, {
      ...options,
      enabled: isAuthenticated && (options?.enabled ?? true),
    }),
    queryClient,
  )
}
