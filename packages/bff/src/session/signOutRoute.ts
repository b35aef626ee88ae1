import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { summarizeSession } from './SessionSummary.js'

/**
 * `POST /auth/signout`: clears the cookie and revokes the session, signed in or not. When
 * the session's user id was random (the access token carried no identity), nothing can
 * reach that user's stored connections (Envoy's and every other provider's) again, so
 * their tokens are forgotten too.
 */
export function signOutRoute({ config, sessions }: BffServices): Handler {
  return async (c) => {
    const session = await sessions.read(c)
    await sessions.end(c)
    if (session?.userIdFrom === 'random') {
      for (const provider of config.oauthProviders.keys()) {
        await config.store.deleteConnection({ userId: session.userId, provider })
      }
    }
    return c.json(summarizeSession(null))
  }
}
