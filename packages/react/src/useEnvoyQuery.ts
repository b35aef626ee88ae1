import type { DoorwayError } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { type EnvoyQueryOptions, envoyQueryOptions } from './envoyQueryOptions.js'
import { useEnvoyConnection } from './useEnvoyConnection.js'

/**
 * Calls the Envoy API through the BFF proxy with the direct connection (the only one whose
 * tokens the BFF holds), as a query that runs only while that connection is connected (an
 * `enabled` option can only narrow that further). An `envoy_disconnected` answer (Envoy
 * refused the refresh) flips the connection to disconnected everywhere.
 *
 * @example
 * const locations = useEnvoyQuery<{ data: Location[] }>('/v1/locations')
 */
export function useEnvoyQuery<T = unknown, TData = T>(
  path: string,
  options?: EnvoyQueryOptions<T, TData>,
): UseQueryResult<TData, DoorwayError> {
  const { client, queryClient } = useDoorwayContext()
  const { query } = useEnvoyConnection('direct')
  return useQuery(
    envoyQueryOptions(client, path, {
      ...options,
      enabled: query.data?.status === 'connected' && (options?.enabled ?? true),
    }),
    queryClient,
  )
}
