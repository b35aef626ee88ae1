import type { Context } from 'hono'
import type { BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { Session } from './Session.js'

/** The request's live session, or 401 `unauthenticated`. */
export async function requireSession(
  sessions: BffServices['sessions'],
  c: Context,
  what = 'this',
): Promise<Session> {
  const session = await sessions.read(c)
  if (session === null) {
    throw new BffError('unauthenticated', `Sign in with Rhombus before ${what}.`)
  }
  return session
}
