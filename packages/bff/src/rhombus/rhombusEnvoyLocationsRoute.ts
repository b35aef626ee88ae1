import type { RhombusEnvoyLocationList } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { requireSession } from '../session/requireSession.js'
import { requireRhombusApiKey } from './requireRhombusApiKey.js'
import { envoyLocationsRequest, processEnvoyLocationsResponse } from './rhombusEnvoyIntegration.js'

/**
 * `GET /envoy/rhombus/locations` → `{locations: [{id, name}]}` (core's
 * `RhombusEnvoyLocationList`): the Envoy locations of the API key's organisation, read by
 * Rhombus's own Envoy integration (`POST /api/report/getEnvoyLocations`, with the API key).
 * A typed route rather than the Rhombus proxy: the proxy calls with the user's token, this
 * uses the server's key, so only users of the key's organisation reach it (else 403
 * `forbidden`, before any call). Envoy refusing Rhombus's token is 401 `envoy_disconnected`.
 */
export function rhombusEnvoyLocationsRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, "reading Envoy's locations")
    const rhombus = requireRhombusApiKey(config.rhombus)
    await rhombusUser.requireKeyOrg(session)
    const locations = processEnvoyLocationsResponse(
      await callUpstream(envoyLocationsRequest(rhombus)),
    )
    return c.json({ locations } satisfies RhombusEnvoyLocationList)
  }
}
