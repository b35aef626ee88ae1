import type { EnvoyConnection, EnvoyDisconnectRequest } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { parseBodyObject, type Unchecked } from '../http/parseBodyObject.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { requireRhombusApiKey } from '../rhombus/requireRhombusApiKey.js'
import { disconnectRhombusEnvoy } from '../rhombus/rhombusEnvoyIntegration.js'
import { requireSession } from '../session/requireSession.js'
import { requireVersori } from '../versori/requireVersori.js'
import { disconnectVersori } from '../versori/versoriEnvoyConnection.js'
import { envoyConnectionKey } from './envoyConnectionKey.js'
import { parseEnvoyVia } from './parseEnvoyVia.js'
import { requireEnvoy } from './requireEnvoy.js'

/**
 * `POST /envoy/disconnect` `{via}` → `EnvoyConnection` (`disconnected`): `direct` forgets
 * the tokens (deleted from the store; Envoy documents no revocation endpoint); `versori`
 * deletes the user's end user at Versori (`DELETE /hubs/{hub_id}/users/{user_id}`, which
 * removes every connection they hold in the hub); `rhombus` removes the API key's
 * organisation's integration with `deleteEnvoyIntegrationV2`, for a user of that
 * organisation with the configured permission (default: Rhombus `superAdmin`; else 403
 * `forbidden`, before any call to the integration).
 */
export function envoyDisconnectRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'disconnecting Envoy')
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    parseBodyObject(value)
    const via = parseEnvoyVia((value as Unchecked<EnvoyDisconnectRequest>).via)
    let connection: EnvoyConnection
    if (via === 'direct') {
      requireEnvoy(config.envoy)
      await config.store.deleteConnection(envoyConnectionKey(session.userId))
      connection = { status: 'disconnected', via }
    } else if (via === 'versori') {
      await rhombusUser.requireAppOrg(session)
      connection = await disconnectVersori(
        requireVersori(config.versori),
        session.userId,
        callUpstream,
      )
    } else {
      const rhombus = requireRhombusApiKey(config.rhombus)
      await rhombusUser.requireIntegrationAdmin(session)
      connection = await disconnectRhombusEnvoy(rhombus, callUpstream)
    }
    return c.json(connection satisfies EnvoyConnection)
  }
}
