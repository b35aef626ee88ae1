import {
  type DoorwayClient,
  type DoorwayError,
  type EnvoyConnection,
  type EnvoyVia,
  getEnvoyConnection,
} from '@doorway/core'
import { queryOptions } from '@tanstack/react-query'
import { doorwayKeys } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/**
 * Query options of the signed-in user's Envoy connection of one way
 * (`GET /bff/envoy/connection?via=`), keyed by `doorwayKeys.envoy('connection', via)`.
 *
 * @example
 * await queryClient.prefetchQuery(envoyConnectionQueryOptions(client, 'direct'))
 */
export function envoyConnectionQueryOptions(client: DoorwayClient, via: EnvoyVia) {
  return queryOptions<EnvoyConnection, DoorwayError>({
    queryKey: doorwayKeys.envoy('connection', via),
    queryFn: ({ signal }) => getEnvoyConnection(client, via, { signal }),
    staleTime: 60_000,
    retry: shouldRetry,
  })
}
