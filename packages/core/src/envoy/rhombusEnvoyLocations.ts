import type { DoorwayClient } from '../doorwayClient.js'
import { isDoorwayError } from '../errors.js'
import type { RhombusEnvoyLocation, RhombusEnvoyLocationList } from '../wire.js'
import { envoyChanges } from './envoyChanges.js'

type Client = Pick<DoorwayClient, 'request'>

/**
 * The Envoy locations of the signed-in user's organisation, read through Rhombus's own Envoy
 * integration (`GET /bff/envoy/rhombus/locations`, Rhombus's `/api/report/getEnvoyLocations`
 * with the organisation's API key). Rejects with 403 `forbidden` for a user of another org,
 * and with 401 `envoy_disconnected` when Rhombus says Envoy no longer takes its token: then
 * {@link envoyChanges} first hears the Rhombus way disconnected (`reason: 'revoked'`).
 *
 * @example
 * const locations = await listRhombusEnvoyLocations(client)
 */
export async function listRhombusEnvoyLocations(
  client: Client,
  signal?: AbortSignal,
): Promise<RhombusEnvoyLocation[]> {
  try {
    const { locations } = await client.request<RhombusEnvoyLocationList>(
      'GET',
      '/envoy/rhombus/locations',
      undefined,
      signal,
    )
    return locations
  } catch (error) {
    if (isDoorwayError(error, 'envoy_disconnected')) {
      envoyChanges.emit({ status: 'disconnected', via: 'rhombus', reason: 'revoked' })
    }
    throw error
  }
}
