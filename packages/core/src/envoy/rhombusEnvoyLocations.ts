import type { DoorwayClient } from '../doorwayClient.js'
import type { RhombusEnvoyLocation, RhombusEnvoyLocationList } from '../wire.js'

type Client = Pick<DoorwayClient, 'request'>

/**
 * The Envoy locations of the signed-in user's organisation, read through Rhombus's own Envoy
 * integration (`GET /bff/envoy/rhombus/locations`, Rhombus's `/api/report/getEnvoyLocations`
 * with the organisation's API key). Rejects with 401 `envoy_disconnected` when Rhombus says
 * the integration is not (or no longer) authorised, and 403 for a user of another org.
 *
 * @example
 * const locations = await listRhombusEnvoyLocations(client)
 */
export async function listRhombusEnvoyLocations(
  client: Client,
  signal?: AbortSignal,
): Promise<RhombusEnvoyLocation[]> {
  const { locations } = await client.request<RhombusEnvoyLocationList>(
    'GET',
    '/envoy/rhombus/locations',
    undefined,
    signal,
  )
  return locations
}
