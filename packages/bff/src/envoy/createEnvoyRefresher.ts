import type { ResolvedEnvoyConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { CallUpstream } from '../http/callUpstream.js'
import type { Logger } from '../logging/Logger.js'
import { processRefreshTokenResponse } from '../oauth/processRefreshTokenResponse.js'
import { refreshTokenGrantRequest } from '../oauth/refreshTokenGrantRequest.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import type {
  ConnectedConnection,
  DisconnectedConnection,
  StoredConnection,
} from '../store/StoredConnection.js'
import { envoyConnectionFromTokens } from './envoyConnectionFromTokens.js'
import { envoyConnectionKey } from './envoyConnectionKey.js'
import { envoyOAuthProvider } from './envoyOAuthProvider.js'

/** Options of {@link createEnvoyRefresher}. */
export interface EnvoyRefresherOptions {
  envoy: ResolvedEnvoyConfig
  store: CredentialStore
  callUpstream: CallUpstream
  /** Refresh this long before the access token expires. Default 60 000 ms. */
  skewMs?: number
  now?: () => number
  /** Told when a connection is found revoked. */
  logger?: Logger
}

/** Hands out usable Envoy access tokens, refreshing them when needed. */
export interface EnvoyRefresher {
  /**
   * The user's live direct connection, refreshed first when its access token expires
   * within the skew, or when it is `stale` (the token the API just answered 401 to).
   * Throws 401 `envoy_disconnected` when there is no live connection, including when
   * Envoy refuses the refresh token (`invalid_grant`): the connection is then marked
   * disconnected (`reason: 'revoked'`) and its tokens are deleted.
   */
  connection(userId: string, options?: { stale?: string }): Promise<ConnectedConnection>
  /** How many refresh requests were sent to Envoy (for metrics and tests). */
  readonly refreshes: number
}

/**
 * The Envoy refresher: one refresh at a time per connection (SECURITY 21). Concurrent
 * callers in this process share one in-flight refresh (a promise per connection); the
 * store's atomic `update` writes the rotated refresh token, and decides from the stored
 * value, so a caller that arrives after a refresh (here or in another process) uses the
 * new token instead of refreshing again.
 */
export function createEnvoyRefresher(options: EnvoyRefresherOptions): EnvoyRefresher {
  const { envoy, store, callUpstream } = options
  const now = options.now ?? Date.now
  const skewMs = options.skewMs ?? 60_000
  const provider = envoyOAuthProvider(envoy.authUrl)
  const inFlight = new Map<string, Promise<StoredConnection | undefined>>()
  let refreshes = 0

  const expiring = (connection: ConnectedConnection) =>
    connection.expiresAt !== undefined && connection.expiresAt - skewMs <= now()

  const disconnected = (
    connection: ConnectedConnection,
    reason: DisconnectedConnection['reason'],
  ): DisconnectedConnection => {
    const gone: DisconnectedConnection = {
      userId: connection.userId,
      provider: connection.provider,
      via: connection.via,
      status: 'disconnected',
      reason,
      scopes: connection.scopes,
      updatedAt: now(),
    }
    if (connection.companyId !== undefined) gone.companyId = connection.companyId
    return gone
  }

  const live = (connection: StoredConnection | undefined): ConnectedConnection => {
    if (connection?.status === 'connected') return connection
    throw new BffError(
      'envoy_disconnected',
      connection === undefined
        ? 'Envoy is not connected for this user.'
        : connection.reason === 'revoked'
          ? 'Envoy refused the refresh token (revoked or expired): the connection is gone.'
          : 'The Envoy access token expired and there is no refresh token to renew it.',
    )
  }

  const refresh = (userId: string, stale: string): Promise<StoredConnection | undefined> => {
    const key = envoyConnectionKey(userId)
    const id = `${key.provider}\u0000${key.userId}`
    const running = inFlight.get(id)
    if (running !== undefined) return running
    const flight = store
      .update(key, async (current) => {
        if (current?.status !== 'connected') return current
        if (current.accessToken !== stale && !expiring(current)) return current
        if (current.refreshToken === undefined) return disconnected(current, 'expired')
        refreshes++
        try {
          const response = await callUpstream(
            refreshTokenGrantRequest(provider, envoy, current.refreshToken),
          )
          const tokens = processRefreshTokenResponse(provider, response, current.refreshToken)
          return envoyConnectionFromTokens(tokens, {
            userId,
            requestedScopes: envoy.scopes,
            previous: current,
            now: now(),
          })
        } catch (error) {
          if (error instanceof BffError && error.code === 'invalid_grant') {
            options.logger?.info('envoy connection revoked', { userId, problem: error.code })
            return disconnected(current, 'revoked')
          }
          throw error
        }
      })
      .finally(() => {
        if (inFlight.get(id) === flight) inFlight.delete(id)
      })
    inFlight.set(id, flight)
    return flight
  }

  return {
    async connection(userId, { stale } = {}) {
      const current = live(await store.getConnection(envoyConnectionKey(userId)))
      if (stale === undefined && !expiring(current)) return current
      if (stale !== undefined && stale !== current.accessToken && !expiring(current)) {
        return current
      }
      return live(await refresh(userId, stale ?? current.accessToken))
    },
    get refreshes() {
      return refreshes
    },
  }
}
