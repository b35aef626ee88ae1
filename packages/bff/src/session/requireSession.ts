import type { Context } from 'hono'
import type { BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { Session } from './Session.js'

/**
 * The request's live session; otherwise 401 `unauthenticated` (none), or 401
 * `session_expired` (its access token has expired, or stopped working: the hooks prompt to
 * sign in again).
 */
export async function requireSession(
  sessions: BffServices['sessions'],
  c: Context,
  what = 'this',
): Promise<Session> {
  const session = await sessions.inspect(c)
  if (session === 'expired') {
    throw new BffError('session_expired', 'The Rhombus session has expired. Sign in again.')
  }
  if (session === null) {
    throw new BffError('unauthenticated', `Sign in with Rhombus before ${what}.`)
  }
  return session
}
