import { type DoorwayClient, type DoorwayError, envoyRequest } from '@doorway/core'
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query'
import { doorwayKeys } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/** Query options of an Envoy API call, less the key and function Doorway sets. */
export type EnvoyQueryOptions<T, TData = T> = Omit<
  UseQueryOptions<T, DoorwayError, TData>,
  'queryKey' | 'queryFn'
>

/**
 * Query options of one Envoy API call through the BFF proxy
 * (`GET /bff/envoy/api/<path>`, with the direct connection), keyed by
 * `doorwayKeys.envoy('api', path)`.
 *
 * @example
 * await queryClient.prefetchQuery(envoyQueryOptions(client, '/v1/locations'))
 */
export function envoyQueryOptions<T = unknown, TData = T>(
  client: DoorwayClient,
  path: string,
  options?: EnvoyQueryOptions<T, TData>,
) {
  return queryOptions<T, DoorwayError, TData>({
    retry: shouldRetry,
    ...options,
    queryKey: doorwayKeys.envoy('api', path),
    queryFn: ({ signal }) => envoyRequest<T>(client, path, { signal }),
  })
}
