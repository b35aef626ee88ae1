import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { EncryptJWT, errors, jwtDecrypt } from 'jose'
import { toBase64url } from '../crypto/randomToken.js'
import { BffError } from '../http/BffError.js'
import type { Logger } from '../logging/Logger.js'
import type { TokenEndpointResponse } from '../oauth/OAuthProvider.js'
import type { CredentialStore, StoredRecord } from '../store/CredentialStore.js'
import { CredentialDecryptionError } from '../store/createCredentialCipher.js'
import type { HeldTokens, TokenHolder, TokenKeeper } from '../tokens/createTokenKeeper.js'
import type { NewSession, RhombusOrg, Session, SessionState } from './Session.js'

/** The session cookie's name over plain HTTP. */
export const SESSION_COOKIE = 'doorway_session'

/** The store's record kind for sessions. */
export const sessionKind = 'session'

/**
 * How long an ended session's record (and cookie) outlives it (seconds), so that the BFF
 * can answer `session_expired` (sign in again) rather than `unauthenticated` (never signed in).
 */
export const expiredSessionGraceSeconds = 24 * 3600

/** Options of {@link createSessionManager}. */
export interface SessionManagerOptions {
  sessionSecret: string
  secureCookies: boolean
  /** Access-token lifetime when Rhombus does not say (seconds). */
  sessionTtlSeconds: number
  /** The longest a refreshable session lasts (seconds). */
  sessionMaxAgeSeconds: number
  store: CredentialStore
  keeper: TokenKeeper
  /**
   * Exchanges a Rhombus refresh token (the `oauth2` dialect); absent when sessions cannot be
   * refreshed (the `legacy` dialect, or Rhombus not configured): they end at expiry.
   */
  refresh: ((refreshToken: string) => Promise<TokenEndpointResponse>) | undefined
  logger: Logger
  now?: () => number
}

/** Starts, reads, refreshes and ends server-side sessions. */
export interface SessionManager {
  /** The request's session, as its cookie and the store say. */
  read(c: Context): Promise<SessionState>
  /**
   * Stores a new session and sets its cookie; the session the request carried, if any, is
   * deleted (a sign-in replaces it).
   */
  start(c: Context, grant: NewSession): Promise<Session>
  /** Deletes the request's session, if any, and clears the cookie. */
  end(c: Context): Promise<void>
  /** Deletes every session of `userId`, on every instance sharing the store; how many. */
  endAll(userId: string): Promise<number>
  /** Records what was learned about the session later (e.g. that it is a partner's). */
  update(session: Session, change: Partial<Pick<Session, 'isPartner' | 'org'>>): Promise<Session>
  /**
   * `session` with an access token that works: refreshed first when it expires within the
   * keeper's skew, or when it is `stale` (the token an upstream just answered 401 to). A
   * session that cannot be refreshed (no refresh token, or Rhombus answers `invalid_grant`)
   * ends, and this throws 401 `session_expired`.
   */
  fresh(session: Session, options?: { stale?: string }): Promise<Session>
  /** Ends `session` because Rhombus no longer accepts its token: it reads as expired. */
  expire(session: Session): Promise<BffError>
}

/** Data of a session record, in clear (the tokens are its secrets). */
interface SessionData {
  userIdFrom: Session['userIdFrom']
  provider: 'rhombus'
  isPartner: boolean
  org: RhombusOrg | null
  accessExpiresAt: number
  accessIssuedAt: number
  endsAt: number
  createdAt: number
  /** Set once the session has ended before its time; the tokens are gone then. */
  ended?: 'expired' | 'revoked'
}

/** The AES-256-GCM key that seals session cookies: SHA-256 of the session secret. */
export async function sessionKey(secret: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret)))
}

/** A session id as its cookie carries it: a compact JWE (`dir` + `A256GCM`), not readable, not forgeable. */
export function sealSessionId(
  id: string,
  until: number,
  key: Uint8Array | CryptoKey,
): Promise<string> {
  return new EncryptJWT({ sid: id })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setExpirationTime(Math.floor(until / 1000))
    .encrypt(key)
}

/**
 * The store record of `session` (kind `session`, owned by its user; the tokens are its
 * secrets), kept a day past its end; `ended` records that it ended early (its tokens gone).
 */
export function sessionRecord(
  session: Session,
  now: number,
  ended?: SessionData['ended'],
): StoredRecord {
  const data: SessionData = {
    userIdFrom: session.userIdFrom,
    provider: session.provider,
    isPartner: session.isPartner,
    org: session.org,
    accessExpiresAt: session.accessExpiresAt,
    accessIssuedAt: session.accessIssuedAt,
    endsAt: session.expiresAt,
    createdAt: session.createdAt,
  }
  const secrets: Record<string, string> = {}
  if (ended === undefined) {
    secrets.accessToken = session.accessToken
    if (session.refreshToken !== undefined) secrets.refreshToken = session.refreshToken
  } else {
    data.ended = ended
  }
  return {
    kind: sessionKind,
    id: session.id,
    ownerId: session.userId,
    data: { ...data },
    secrets,
    expiresAt: (ended === undefined ? session.expiresAt : now) + expiredSessionGraceSeconds * 1000,
  }
}

const expiredError = (why = 'The Rhombus session has ended.') =>
  new BffError('session_expired', `${why} Sign in again.`)

/** The server-side {@link SessionManager} over `options.store`. */
export function createSessionManager(options: SessionManagerOptions): SessionManager {
  const { store, keeper } = options
  const now = options.now ?? (() => Date.now())
  const graceMs = expiredSessionGraceSeconds * 1000
  // Imported once: jose would import raw key bytes again on every seal and unseal.
  const key = sessionKey(options.sessionSecret).then((bytes) =>
    crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']),
  )

  const cookieName = (c: Context) => {
    if (!options.secureCookies) return SESSION_COOKIE
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
    const https = new URL(c.req.url).protocol === 'https:' || forwarded === 'https'
    // The prefix makes browsers insist on `Secure`, `Path=/` and no `Domain`.
    return https ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE
  }
  const cookieOptions = (maxAge: number) =>
    ({ httpOnly: true, secure: options.secureCookies, sameSite: 'Lax', path: '/', maxAge }) as const

  const seal = async (id: string, until: number) => sealSessionId(id, until, await key)
  const unseal = async (sealed: string): Promise<string | undefined> => {
    try {
      const { payload } = await jwtDecrypt(sealed, await key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        requiredClaims: ['exp'],
      })
      return typeof payload.sid === 'string' ? payload.sid : undefined
    } catch (error) {
      if (!(error instanceof errors.JOSEError)) throw error
      return undefined
    }
  }

  const recordOf = (session: Session, ended?: SessionData['ended']) =>
    sessionRecord(session, now(), ended)
  /** The session in `record`, or `undefined` when it has ended (by time or otherwise). */
  const sessionOf = (record: StoredRecord): Session | undefined => {
    const data = record.data as unknown as SessionData
    const { accessToken, refreshToken } = record.secrets
    if (data.ended !== undefined || accessToken === undefined || record.ownerId === undefined) {
      return undefined
    }
    const session: Session = {
      id: record.id,
      userId: record.ownerId,
      userIdFrom: data.userIdFrom,
      provider: data.provider,
      isPartner: data.isPartner,
      org: data.org,
      accessToken,
      accessExpiresAt: data.accessExpiresAt,
      accessIssuedAt: data.accessIssuedAt ?? data.createdAt,
      expiresAt: data.endsAt,
      createdAt: data.createdAt,
    }
    if (refreshToken !== undefined) session.refreshToken = refreshToken
    // Past its end, or past its access token's expiry with nothing to renew it.
    const renewable = refreshToken !== undefined && options.refresh !== undefined
    if (now() >= session.expiresAt || (!renewable && now() >= session.accessExpiresAt)) {
      return undefined
    }
    return session
  }

  const requestSessionId = async (c: Context) => {
    const sealed = getCookie(c, cookieName(c))
    return sealed ? unseal(sealed) : undefined
  }

  const holder = (session: Session): TokenHolder<StoredRecord> => ({
    id: `${sessionKind}\u0000${session.id}`,
    name: 'Rhombus session',
    // The session as this request read it decides whether a refresh is due (no second store
    // read per call); a refresh itself re-reads the record under its lock.
    read: async () => sessionRecord(session, now()),
    update: (fn) => store.updateRecord(sessionKind, session.id, fn),
    tokens(record) {
      const live = sessionOf(record)
      if (live === undefined) return undefined
      const tokens: HeldTokens = {
        accessToken: live.accessToken,
        expiresAt: live.accessExpiresAt,
        issuedAt: live.accessIssuedAt,
      }
      if (live.refreshToken !== undefined && options.refresh !== undefined) {
        tokens.refreshToken = live.refreshToken
      }
      return tokens
    },
    refresh: (refreshToken) => {
      if (options.refresh === undefined) throw new Error('This session cannot be refreshed.')
      return options.refresh(refreshToken)
    },
    renewed(record, tokens) {
      const live = sessionOf(record) as Session
      const lifetime =
        tokens.expiresIn !== undefined && tokens.expiresIn > 0
          ? tokens.expiresIn
          : options.sessionTtlSeconds
      const next: Session = {
        ...live,
        accessToken: tokens.accessToken,
        accessExpiresAt: now() + Math.floor(lifetime) * 1000,
        accessIssuedAt: now(),
      }
      // An answer without a new refresh token keeps the old one (the Rhombus CLI does too).
      if (tokens.refreshToken !== undefined) next.refreshToken = tokens.refreshToken
      return recordOf(next)
    },
    ended(record, reason) {
      const live = sessionOf(record)
      options.logger.info('rhombus session ended', { reason })
      return live === undefined ? record : recordOf(live, reason)
    },
  })

  return {
    async read(c) {
      const id = await requestSessionId(c)
      if (id === undefined) return { status: 'none' }
      let record: StoredRecord | undefined
      try {
        record = await store.getRecord(sessionKind, id)
      } catch (error) {
        // Stored under another encryption key (it was changed): a session nobody can use.
        if (!(error instanceof CredentialDecryptionError)) throw error
        options.logger.warn('session unreadable under this encryption key', {})
        return { status: 'none' }
      }
      if (record === undefined) return { status: 'none' }
      const session = sessionOf(record)
      return session === undefined ? { status: 'expired' } : { status: 'live', session }
    },

    async start(c, grant) {
      const previous = await requestSessionId(c)
      const started = now()
      const lifetime =
        grant.expiresIn !== undefined && grant.expiresIn > 0
          ? grant.expiresIn
          : options.sessionTtlSeconds
      const accessExpiresAt = started + Math.floor(lifetime) * 1000
      const renewable = grant.refreshToken !== undefined && options.refresh !== undefined
      const session: Session = {
        id: toBase64url(crypto.getRandomValues(new Uint8Array(32))),
        userId: grant.userId,
        userIdFrom: grant.userIdFrom,
        provider: 'rhombus',
        isPartner: grant.isPartner,
        org: grant.org,
        accessToken: grant.accessToken,
        accessExpiresAt,
        accessIssuedAt: started,
        expiresAt: renewable ? started + options.sessionMaxAgeSeconds * 1000 : accessExpiresAt,
        createdAt: started,
      }
      if (renewable) session.refreshToken = grant.refreshToken
      const until = session.expiresAt + graceMs
      const [sealed] = await Promise.all([
        seal(session.id, until),
        store.putRecord(recordOf(session)),
        previous === undefined ? undefined : store.deleteRecord(sessionKind, previous),
      ])
      setCookie(
        c,
        cookieName(c),
        sealed,
        cookieOptions(Math.max(0, Math.ceil((until - started) / 1000))),
      )
      return session
    },

    async end(c) {
      const id = await requestSessionId(c)
      setCookie(c, cookieName(c), '', cookieOptions(0))
      if (id !== undefined) await store.deleteRecord(sessionKind, id)
    },

    endAll: (userId) => store.deleteRecords(sessionKind, userId),

    async update(session, change) {
      const next = { ...session, ...change }
      const stored = await store.updateRecord(sessionKind, session.id, (current) => {
        const live = current && sessionOf(current)
        return live === undefined ? current : recordOf({ ...live, ...change })
      })
      if (stored === undefined || sessionOf(stored) === undefined) throw expiredError()
      return next
    },

    async fresh(session, { stale } = {}) {
      const record = await keeper.fresh(holder(session), stale === undefined ? {} : { stale })
      const live = record && sessionOf(record)
      if (live === undefined) {
        throw expiredError(
          record?.data.ended === 'revoked'
            ? 'Rhombus refused to renew the session (invalid_grant).'
            : 'The Rhombus session has expired.',
        )
      }
      return live
    },

    async expire(session) {
      await store.updateRecord(sessionKind, session.id, (current) => {
        const live = current && sessionOf(current)
        return live === undefined ? current : recordOf(live, 'expired')
      })
      return expiredError('Rhombus no longer accepts this session’s access token.')
    },
  }
}
