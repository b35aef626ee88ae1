import type { EnvoyConnection } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { summarizeStoredConnection } from '../providers/ConnectionSummary.js'
import { requireRhombusApiKey } from '../rhombus/requireRhombusApiKey.js'
import { rhombusEnvoyConnection } from '../rhombus/rhombusEnvoyIntegration.js'
import { requireSession } from '../session/requireSession.js'
import { requireVersori } from '../versori/requireVersori.js'
import { versoriEnvoyConnection } from '../versori/versoriEnvoyConnection.js'
import { envoyConnectionKey } from './envoyConnectionKey.js'
import { parseEnvoyVia } from './parseEnvoyVia.js'
import { requireEnvoy } from './requireEnvoy.js'

/**
 * `GET /envoy/connection?via=direct|rhombus|versori` → `EnvoyConnection`, never a token:
 * `direct` reads the credential store; `rhombus` asks Rhombus (`getEnvoyIntegration`, with
 * the API key: connected when installed and its token valid, Rhombus's `warningMsg` as
 * `warning`; only for users of the key's organisation, else 403 `forbidden`); `versori`
 * lists the user's connections at Versori (for users of the API key's organisation, when
 * one is configured).
 */
export function envoyConnectionRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'reading the Envoy connection')
    const query = new URL(c.req.url).searchParams
    if (query.getAll('via').length > 1) {
      throw new BffError('bad_request', '"via" must be given once.')
    }
    const via = parseEnvoyVia(query.get('via') ?? undefined)
    let connection: EnvoyConnection
    if (via === 'direct') {
      requireEnvoy(config.envoy)
      connection = summarizeStoredConnection(
        await config.store.getConnection(envoyConnectionKey(session.userId)),
      )
    } else if (via === 'rhombus') {
      const rhombus = requireRhombusApiKey(config.rhombus)
      await rhombusUser.requireKeyOrg(session)
      connection = await rhombusEnvoyConnection(rhombus, callUpstream)
    } else {
      await rhombusUser.requireAppOrg(session)
      connection = await versoriEnvoyConnection(
        requireVersori(config.versori),
        session.userId,
        callUpstream,
      )
    }
    return c.json(connection satisfies EnvoyConnection)
  }
}
