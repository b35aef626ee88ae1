import type { ProviderConnection } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { requireSession } from '../session/requireSession.js'
import { findOAuthProvider } from './findOAuthProvider.js'

/**
 * `POST /connections/:provider/disconnect` (no body) → `ProviderConnection`
 * (`disconnected`): forgets the signed-in user's tokens for the provider (deleted from the
 * store; no revocation request is sent). For `envoy` it is `POST /envoy/disconnect`
 * `{via: 'direct'}`.
 */
export function connectionDisconnectRoute({ config }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const lookup = findOAuthProvider(config, c)
    const session = requireSession(c, `disconnecting ${lookup.name}`)
    const provider = lookup.require()
    await config.store.deleteConnection({ userId: session.userId, provider: provider.id })
    return c.json({ status: 'disconnected', via: 'direct' } satisfies ProviderConnection)
  }
}
