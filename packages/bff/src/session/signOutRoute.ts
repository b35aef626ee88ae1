import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { envoyConnectionKey } from '../envoy/envoyConnectionKey.js'
import { summarizeSession } from './SessionSummary.js'

/**
 * `POST /auth/signout`: clears the cookie and revokes the session, signed in or not. When
 * the session's user id was random (the access token carried no identity), nothing can
 * reach that user's stored Envoy connection again, so its tokens are forgotten too.
 */
export function signOutRoute({ config, sessions }: BffServices): Handler {
  return async (c) => {
    const session = await sessions.read(c)
    await sessions.end(c)
    if (session?.userIdFrom === 'random' && config.envoy !== undefined) {
      await config.store.deleteConnection(envoyConnectionKey(session.userId))
    }
    return c.json(summarizeSession(null))
  }
}
