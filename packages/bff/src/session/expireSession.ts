import type { Context } from 'hono'
import { BffError } from '../http/BffError.js'
import type { SessionManager } from './createSessionManager.js'

/**
 * Ends the request's session because its access token no longer works (an upstream answered
 * 401 to it; see {@link SessionManager.expire}), and returns the typed 401 to throw: `session_expired`,
 * which the hooks turn into a re-sign-in prompt. `what` names the call that found out.
 *
 * @example
 * if (upstream.status === 401) throw await expireSession(sessions, c, 'Rhombus')
 */
export async function expireSession(
  sessions: SessionManager,
  c: Context,
  what = 'The provider',
): Promise<BffError> {
  await sessions.expire(c)
  return new BffError(
    'session_expired',
    `${what} no longer accepts this session's access token. Sign in again.`,
  )
}
