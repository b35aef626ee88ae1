import {
  type DoorwayClient,
  type DoorwayError,
  listRhombusEnvoyLocations,
  type RhombusEnvoyLocation,
} from '@doorway/core'
import { queryOptions } from '@tanstack/react-query'
import { shouldRetry } from './shouldRetry.js'

/**
 * Query options of the Envoy locations read through Rhombus's Envoy integration
 * (`GET /bff/envoy/rhombus/locations`), the query `useRhombusEnvoyLocations` reads.
 * Keyed under `doorwayKeys.envoy()` (so under `doorwayKeys.user`): it goes with the session
 * on sign-out.
 *
 * @example
 * await queryClient.prefetchQuery(rhombusEnvoyLocationsQueryOptions(client))
 */
export const rhombusEnvoyLocationsQueryOptions = (client: DoorwayClient) =>
  queryOptions<RhombusEnvoyLocation[], DoorwayError>({
    queryKey: ['doorway', 'user', 'envoy', 'rhombus', 'locations'] as const,
    queryFn: ({ signal }) => listRhombusEnvoyLocations(client, signal),
    retry: shouldRetry,
  })
