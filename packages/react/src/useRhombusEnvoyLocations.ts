import type { DoorwayError, RhombusEnvoyLocation } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { rhombusEnvoyLocationsQueryOptions } from './rhombusEnvoyLocationsQueryOptions.js'
import { useEnvoyConnection } from './useEnvoyConnection.js'

/**
 * The Envoy locations of the user's organisation through Rhombus's own Envoy integration
 * (the `rhombus` way of `useEnvoyConnect`), as a query that runs only while that way is
 * connected. An `envoy_disconnected` answer (Envoy no longer takes Rhombus's token) flips
 * the Rhombus way to disconnected everywhere; a user of another organisation gets 403
 * `forbidden`.
 *
 * @example
 * const locations = useRhombusEnvoyLocations()
 * <ul>{locations.data?.map((l) => <li key={l.id}>{l.name}</li>)}</ul>
 */
export function useRhombusEnvoyLocations(): UseQueryResult<RhombusEnvoyLocation[], DoorwayError> {
  const { client, queryClient } = useDoorwayContext()
  const { query } = useEnvoyConnection('rhombus')
  return useQuery(
    {
      ...rhombusEnvoyLocationsQueryOptions(client),
      enabled: query.data?.status === 'connected',
    },
    queryClient,
  )
}
