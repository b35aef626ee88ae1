import type { Context, MiddlewareHandler } from 'hono'
import type { BffEnv } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { SessionManager } from './createSessionManager.js'
import type { Session } from './Session.js'

/** Reads the request's session once and puts it on `c.var.session`, for every route after it. */
export function sessionMiddleware(sessions: SessionManager): MiddlewareHandler<BffEnv> {
  return async (c, next) => {
    c.set('session', await sessions.read(c))
    await next()
  }
}

/**
 * The request's live session (see {@link sessionMiddleware}); otherwise 401
 * `unauthenticated` (none, or signed out), or 401 `session_expired` (it ended: the hooks
 * prompt to sign in again). `what` ends the message, e.g. `calling the Rhombus API`.
 */
export function requireSession(c: Context<BffEnv>, what = 'this'): Session {
  const state = c.get('session')
  if (state?.status === 'live') return state.session
  if (state?.status === 'expired') {
    throw new BffError('session_expired', 'The Rhombus session has expired. Sign in again.')
  }
  throw new BffError('unauthenticated', `Sign in with Rhombus before ${what}.`)
}
