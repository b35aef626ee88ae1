import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { ResolvedBffConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { Session } from './Session.js'
import { sealSession } from './sealSession.js'
import { sessionCookieName } from './sessionCookieName.js'
import { sessionKey } from './sessionKey.js'
import { unsealSession } from './unsealSession.js'

/** Browsers drop cookies over 4096 bytes (name and value) without a word. */
const maxCookieBytes = 4096

/**
 * How long the cookie outlives its access token (seconds), so that the BFF can answer
 * `session_expired` (sign in again) rather than `unauthenticated` (never signed in).
 */
export const expiredSessionGraceSeconds = 24 * 3600

/** What a successful sign-in hands to {@link SessionManager.start}. */
export interface NewSession {
  /** See {@link Session.userId}. */
  userId: string
  userIdFrom: Session['userIdFrom']
  provider: Session['provider']
  accessToken: string
  refreshToken?: string
  isPartner: boolean
  /** Seconds until the access token expires, when the provider says. */
  expiresIn?: number
}

/** Reads, starts and ends sealed cookie sessions for one request context. */
export interface SessionManager {
  /** The request's live session, or `null` (no cookie, tampered, expired or revoked). */
  read(c: Context): Promise<Session | null>
  /**
   * Like {@link read}, but `'expired'` for an authentic session past its expiry (its access
   * token no longer works): answer it with `session_expired`, see `requireSession`.
   */
  inspect(c: Context): Promise<Session | 'expired' | null>
  /** Seals a new session into the response's cookie, revoking the one it replaces. */
  start(c: Context, grant: NewSession): Promise<Session>
  /**
   * Seals `session` (the request's live one, changed: e.g. `isPartner` learned later) into
   * the response's cookie, keeping its id and expiry.
   */
  update(c: Context, session: Session): Promise<void>
  /** Clears the cookie and revokes the session it carried. */
  end(c: Context): Promise<void>
  /**
   * Ends a live session whose access token stopped working before its time (an upstream
   * 401): revokes it and leaves a cookie that reads as expired (and holds no token), so the
   * browser is told `session_expired` until it signs in again or out.
   */
  expire(c: Context): Promise<void>
}

/** The {@link SessionManager} for `config`. */
export function createSessionManager(
  config: Pick<
    ResolvedBffConfig,
    'sessionSecret' | 'secureCookies' | 'sessionTtlSeconds' | 'sessionRevocations'
  >,
): SessionManager {
  const key = sessionKey(config.sessionSecret)
  const cookieName = (c: Context) => sessionCookieName(c.req.raw, config.secureCookies)
  const cookieOptions = (maxAge: number) =>
    ({ httpOnly: true, secure: config.secureCookies, sameSite: 'Lax', path: '/', maxAge }) as const
  /** Sets the sealed session, kept a day past its expiry (see {@link expiredSessionGraceSeconds}). */
  const writeCookie = (c: Context, sealed: string, expiresAt: number) =>
    setCookie(
      c,
      cookieName(c),
      sealed,
      cookieOptions(
        Math.max(0, Math.ceil((expiresAt - Date.now()) / 1000)) + expiredSessionGraceSeconds,
      ),
    )

  const inspect = async (c: Context): Promise<Session | 'expired' | null> => {
    const sealed = getCookie(c, cookieName(c))
    if (!sealed) return null
    const session = await unsealSession(sealed, await key)
    if (session === null || session === 'expired') return session
    return (await config.sessionRevocations.isRevoked(session.sid)) ? null : session
  }
  const read = async (c: Context): Promise<Session | null> => {
    const session = await inspect(c)
    return session === 'expired' ? null : session
  }

  return {
    read,
    inspect,

    async start(c, grant) {
      const previous = await read(c)
      const lifetime = Math.floor(
        grant.expiresIn !== undefined && grant.expiresIn > 0
          ? grant.expiresIn
          : config.sessionTtlSeconds,
      )
      const session: Session = {
        sid: crypto.randomUUID(),
        userId: grant.userId,
        userIdFrom: grant.userIdFrom,
        provider: grant.provider,
        accessToken: grant.accessToken,
        isPartner: grant.isPartner,
        expiresAt: (Math.floor(Date.now() / 1000) + lifetime) * 1000,
      }
      if (grant.refreshToken !== undefined) session.refreshToken = grant.refreshToken
      const name = cookieName(c)
      let sealed = await sealSession(session, await key)
      if (name.length + sealed.length + 1 > maxCookieBytes && session.refreshToken !== undefined) {
        // The BFF never uses Rhombus refresh tokens (refresh is not publicly supported), so
        // losing one beats a cookie the browser would silently drop.
        delete session.refreshToken
        sealed = await sealSession(session, await key)
      }
      if (name.length + sealed.length + 1 > maxCookieBytes) {
        throw new BffError(
          'invalid_response',
          'The access token is too large to keep in a session cookie.',
        )
      }
      writeCookie(c, sealed, session.expiresAt)
      if (previous) await config.sessionRevocations.revoke(previous.sid, previous.expiresAt)
      return session
    },

    async update(c, session) {
      writeCookie(c, await sealSession(session, await key), session.expiresAt)
    },

    async expire(c) {
      const session = await read(c)
      if (session === null) return
      const expired: Session = { ...session, accessToken: '', expiresAt: Date.now() - 1000 }
      delete expired.refreshToken
      writeCookie(c, await sealSession(expired, await key), expired.expiresAt)
      await config.sessionRevocations.revoke(session.sid, session.expiresAt)
    },

    async end(c) {
      const session = await read(c)
      setCookie(c, cookieName(c), '', cookieOptions(0))
      if (session) await config.sessionRevocations.revoke(session.sid, session.expiresAt)
    },
  }
}
