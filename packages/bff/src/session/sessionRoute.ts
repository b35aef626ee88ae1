import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { summarizeSession } from './SessionSummary.js'

/**
 * `GET /session`: the {@link SessionSummary}, never a token. An expired session is
 * `{authenticated: false, expired: true}` until the browser signs in again or out.
 */
export function sessionRoute({ sessions }: BffServices): Handler {
  return async (c) => {
    const session = await sessions.inspect(c)
    return c.json(
      session === 'expired'
        ? { ...summarizeSession(null), expired: true }
        : summarizeSession(session),
    )
  }
}
