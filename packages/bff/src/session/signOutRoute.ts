import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { summarizeSession } from './SessionSummary.js'

/** `POST /auth/signout`: clears the cookie and revokes the session, signed in or not. */
export function signOutRoute({ sessions }: BffServices): Handler {
  return async (c) => {
    await sessions.end(c)
    return c.json(summarizeSession(null))
  }
}
