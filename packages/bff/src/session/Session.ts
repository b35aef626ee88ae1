import type { SessionSummary } from '@doorway/core'
import type { Context, MiddlewareHandler } from 'hono'
import type { BffEnv } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { SessionManager } from './createSessionManager.js'

/** A Rhombus organisation as Rhombus reports it (`getOrgV2`'s `org`). */
export interface RhombusOrg {
  uuid: string
  name: string
}

/**
 * A signed-in session: a record in the credential store (kind `session`), reached through
 * a cookie that carries only its sealed id. Exists only on the server; never sent as JSON.
 */
export interface Session {
  /** Random, 256 bits; the record's id. Sign-out deletes the record. */
  id: string
  /**
   * The Doorway user id: stable across sign-ins when taken from an access token the BFF
   * got from Rhombus's token endpoint (`userIdFrom: 'token'`), else random per session.
   * Stored credentials, and "sign out everywhere", are keyed by it.
   */
  userId: string
  userIdFrom: 'token' | 'random'
  provider: 'rhombus'
  /** Learned from Rhombus (`getOrgV2` refused, `getClientsV2` accepted), never from the browser. */
  isPartner: boolean
  /** The user's own organisation as Rhombus reports it; `null` when Rhombus did not say. */
  org: RhombusOrg | null
  /** Secret. */
  accessToken: string
  /** Secret; only in the `oauth2` dialect (the legacy guide documents no refresh). */
  refreshToken?: string
  /** Epoch milliseconds when `accessToken` expires. */
  accessExpiresAt: number
  /** Epoch milliseconds when `accessToken` was issued (the sign-in, or its last refresh). */
  accessIssuedAt: number
  /**
   * Epoch milliseconds when the session ends whatever happens: the access token's expiry
   * when it cannot be refreshed, else the configured maximum age (`sessionMaxAgeSeconds`).
   */
  expiresAt: number
  /** Epoch milliseconds. */
  createdAt: number
}

/** What a successful sign-in hands to `SessionManager.start`. */
export interface NewSession {
  userId: string
  userIdFrom: Session['userIdFrom']
  isPartner: boolean
  org: RhombusOrg | null
  accessToken: string
  refreshToken?: string
  /** Seconds until the access token expires, when Rhombus says. */
  expiresIn?: number
}

/**
 * How the request's session reads: `live` (the cookie names a live record), `expired`
 * (the record exists but has ended: its access token expired and cannot be refreshed, or
 * Rhombus refused it; answer `session_expired`), or `none` (no cookie, a tampered one, or a
 * signed-out session: answer `unauthenticated`).
 */
export type SessionState =
  | { status: 'live'; session: Session }
  | { status: 'expired' }
  | { status: 'none' }

/**
 * The browser's view of `session`: its provider, the user's organisation and partner flag
 * as Rhombus reported them, and when it ends (`expiresAt`: the access token's expiry when it
 * cannot be refreshed, else the session's maximum age), and nothing secret. `user.id` is the
 * Doorway user id when it came from the access token (stable across sign-ins: the `ownerId`
 * of the user's stored credentials, e.g. for `rhombusApiKeys`); `user` is `null` when the id
 * is random per session.
 */
export function summarizeSession(session: Session | null): SessionSummary {
  if (session === null) return { authenticated: false }
  return {
    authenticated: true,
    provider: session.provider,
    user: session.userIdFrom === 'token' ? { id: session.userId } : null,
    org: session.org,
    isPartner: session.isPartner,
    expiresAt: session.expiresAt,
  }
}

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
