import { BffError } from '../http/BffError.js'
import type { Logger } from '../logging/Logger.js'
import type { TokenEndpointResponse } from '../oauth/OAuthProvider.js'

/** The tokens a {@link TokenHolder}'s value holds now. */
export interface HeldTokens {
  accessToken: string
  /** Absent: the value cannot be renewed, and ends when `accessToken` expires. */
  refreshToken?: string
  /** Epoch milliseconds; absent when the provider did not say. */
  expiresAt?: number
  /** Epoch milliseconds when `accessToken` was issued, when known: see {@link TokenKeeperOptions.skewMs}. */
  issuedAt?: number
}

/**
 * One stored value with tokens in it (a Rhombus session, an Envoy connection), described
 * to the {@link TokenKeeper}: how to read and atomically update it, what its tokens are,
 * how to renew them, and what it becomes when they are renewed or end.
 */
export interface TokenHolder<T> {
  /** Unique per stored value: concurrent refreshes of one id in this process share one. */
  id: string
  /** Names it in logs, e.g. `Envoy connection`. */
  name: string
  read(): Promise<T | undefined>
  /** The store's atomic read-decide-write, single-flight across instances. */
  update(fn: (current: T | undefined) => Promise<T | undefined>): Promise<T | undefined>
  /** Its tokens; `undefined` once it has ended. */
  tokens(value: T): HeldTokens | undefined
  /** The refresh request and its processing; throws `BffError` `invalid_grant` when refused. */
  refresh(refreshToken: string): Promise<TokenEndpointResponse>
  renewed(value: T, tokens: TokenEndpointResponse): T
  /** `revoked`: the provider refused the refresh token; `expired`: nothing could renew it. */
  ended(value: T, reason: 'revoked' | 'expired'): T | undefined
}

/** Options of {@link createTokenKeeper}. */
export interface TokenKeeperOptions {
  /**
   * Refresh this long before the access token expires. Default 60 000 ms (as the Rhombus
   * CLI), but never more than half a token's lifetime (when its issue time is known), so a
   * short-lived token is used before it is renewed.
   */
  skewMs?: number
  now?: () => number
  logger?: Logger
}

/** Hands out values whose access tokens work, refreshing them when needed. */
export interface TokenKeeper {
  /**
   * `holder`'s value, refreshed first when its access token expires within the skew, or
   * when it is `stale` (the token an upstream just answered 401 to). Resolves to the value
   * now stored, which may have ended (`holder.tokens` is then `undefined`), or `undefined`
   * when there is none. A refresh that fails otherwise (5xx, timeout) is thrown, unless the
   * current access token still works: then it is used and renewed later.
   */
  fresh<T>(holder: TokenHolder<T>, options?: { stale?: string }): Promise<T | undefined>
  /** How many refresh requests were sent (for metrics and tests). */
  readonly refreshes: number
}

/**
 * The one token keeper (SECURITY 28): one refresh at a time per stored value. Callers in
 * this process share one in-flight refresh per `holder.id`; across processes, the store's
 * atomic update holds the record's lock while it reads, refreshes and writes, and decides
 * from the value it reads, so a caller that arrives after a refresh (here or on another
 * instance) takes the renewed token instead of sending the used refresh token again.
 */
export function createTokenKeeper(options: TokenKeeperOptions = {}): TokenKeeper {
  const now = options.now ?? (() => Date.now())
  const skewMs = options.skewMs ?? 60_000
  const inFlight = new Map<string, Promise<unknown>>()
  let refreshes = 0

  const expiring = ({ expiresAt, issuedAt }: HeldTokens) =>
    expiresAt !== undefined &&
    expiresAt -
      (issuedAt === undefined
        ? skewMs
        : Math.max(0, Math.min(skewMs, (expiresAt - issuedAt) / 2))) <=
      now()
  const expired = (tokens: HeldTokens) =>
    tokens.expiresAt !== undefined && tokens.expiresAt <= now()
  const due = (tokens: HeldTokens, stale: string | undefined) =>
    expiring(tokens) || (stale !== undefined && stale === tokens.accessToken)

  const refresh = <T>(
    holder: TokenHolder<T>,
    stale: string | undefined,
  ): Promise<T | undefined> => {
    const running = inFlight.get(holder.id) as Promise<T | undefined> | undefined
    if (running !== undefined) return running
    const flight = holder
      .update(async (current) => {
        const tokens = current === undefined ? undefined : holder.tokens(current)
        if (current === undefined || tokens === undefined) return current
        // Renewed meanwhile (here or elsewhere): take the new token.
        if (!due(tokens, stale)) return current
        const dead = (stale !== undefined && stale === tokens.accessToken) || expired(tokens)
        if (tokens.refreshToken === undefined) {
          return dead ? holder.ended(current, 'expired') : current
        }
        refreshes++
        try {
          return holder.renewed(current, await holder.refresh(tokens.refreshToken))
        } catch (error) {
          if (error instanceof BffError && error.code === 'invalid_grant') {
            options.logger?.info(`${holder.name} refresh refused`, { problem: error.code })
            return holder.ended(current, 'revoked')
          }
          if (!dead) {
            options.logger?.warn(`${holder.name} refresh failed; the current token still works`, {
              problem: error instanceof BffError ? error.code : 'unexpected',
            })
            return current
          }
          throw error
        }
      })
      .finally(() => {
        if (inFlight.get(holder.id) === flight) inFlight.delete(holder.id)
      })
    inFlight.set(holder.id, flight)
    return flight
  }

  return {
    async fresh(holder, { stale } = {}) {
      const current = await holder.read()
      const tokens = current === undefined ? undefined : holder.tokens(current)
      if (current === undefined || tokens === undefined || !due(tokens, stale)) return current
      return refresh(holder, stale)
    },
    get refreshes() {
      return refreshes
    },
  }
}
