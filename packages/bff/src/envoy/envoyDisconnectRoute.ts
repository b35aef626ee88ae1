import type { EnvoyConnection, EnvoyDisconnectRequest } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject, type Unchecked } from '../http/parseBodyObject.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { requireRhombusApiKey } from '../rhombus/requireRhombusApiKey.js'
import { requireSession } from '../session/requireSession.js'
import { requireVersori } from '../versori/requireVersori.js'
import { disconnectVersori } from '../versori/versoriEnvoyConnection.js'
import { envoyConnectionKey } from './envoyConnectionKey.js'
import { parseEnvoyVia } from './parseEnvoyVia.js'
import { requireEnvoy } from './requireEnvoy.js'

/**
 * `POST /envoy/disconnect` `{via}` → `EnvoyConnection` (`disconnected`): `direct` forgets
 * the tokens (deleted from the store; Envoy documents no revocation endpoint); `versori`
 * deletes the user's connections at Versori; `rhombus` is 501 `not_supported`, since
 * Rhombus documents no way to disconnect its Envoy integration through the API.
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
      requireRhombusApiKey(config.rhombus)
      throw new BffError(
        'not_supported',
        "Rhombus documents no API to disconnect its Envoy integration: remove it in the Rhombus console (Integrations → Envoy), or uninstall the app in Envoy's dashboard.",
      )
    }
    return c.json(connection satisfies EnvoyConnection)
  }
}
