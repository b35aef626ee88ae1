import type { ProviderConnection } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { requireSession } from '../session/requireSession.js'
import { summarizeStoredConnection } from './ConnectionSummary.js'
import { findOAuthProvider } from './findOAuthProvider.js'

/**
 * `GET /connections/:provider` → `ProviderConnection` of the signed-in user's stored
 * connection (the credential store as it is: no refresh, no upstream call, never a token).
 * For `envoy` it is `GET /envoy/connection?via=direct`.
 */
export function connectionStatusRoute({ config }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const lookup = findOAuthProvider(config, c)
    const session = requireSession(c, `reading the ${lookup.name} connection`)
    const provider = lookup.require()
    const stored = await config.store.getConnection({
      userId: session.userId,
      provider: provider.id,
    })
    return c.json(summarizeStoredConnection(stored) satisfies ProviderConnection)
  }
}
