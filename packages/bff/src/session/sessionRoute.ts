import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { summarizeSession } from './SessionSummary.js'

/**
 * `GET /session`: the {@link SessionSummary}, never a token. An expired session is
 * `{authenticated: false, expired: true}`, and its cookie is cleared.
 */
export function sessionRoute({ sessions }: BffServices): Handler {
  return async (c) => {
    const session = await sessions.inspect(c)
    if (session !== 'expired') return c.json(summarizeSession(session))
    await sessions.end(c)
    return c.json({ ...summarizeSession(null), expired: true })
  }
}
