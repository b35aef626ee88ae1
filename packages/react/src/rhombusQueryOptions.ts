import type { DoorwayClient, DoorwayError } from '@doorway/core'
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query'
import { doorwayKeys } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/** Query options of a Rhombus API call, less the key and function Doorway sets. */
export type RhombusQueryOptions<T, TData = T> = Omit<
  UseQueryOptions<T, DoorwayError, TData>,
  'queryKey' | 'queryFn'
>

/**
 * Query options of one Rhombus API call through the BFF proxy
 * (`POST /bff/rhombus/api/<path>`), keyed by `doorwayKeys.rhombus(path, body)`.
 *
 * @example
 * await queryClient.prefetchQuery(rhombusQueryOptions(client, '/user/getUsersInOrg', {}))
 */
export function rhombusQueryOptions<T = unknown, TData = T>(
  client: DoorwayClient,
  path: string,
  body?: unknown,
  options?: RhombusQueryOptions<T, TData>,
) {
  return queryOptions<T, DoorwayError, TData>({
    retry: shouldRetry,
    ...options,
    queryKey: doorwayKeys.rhombus(path, body),
    queryFn: ({ signal }) => client.rhombus.request<T>(path, body, { signal }),
  })
}
