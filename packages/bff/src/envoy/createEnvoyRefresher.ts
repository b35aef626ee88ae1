import type { ResolvedEnvoyConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { CallUpstream } from '../http/callUpstream.js'
import type { TokenEndpointResponse } from '../oauth/OAuthProvider.js'
import { processRefreshTokenResponse, refreshTokenGrantRequest } from '../oauth/tokenRequests.js'
import { connectionFromTokens } from '../providers/oauthExchangeRoute.js'
import type {
  ConnectedConnection,
  ConnectionKey,
  CredentialStore,
  DisconnectedConnection,
  StoredConnection,
} from '../store/CredentialStore.js'
import type { TokenHolder, TokenKeeper } from '../tokens/createTokenKeeper.js'
import { envoyOAuthProvider } from './envoyOAuthProvider.js'

/** Options of {@link createEnvoyRefresher}. */
export interface EnvoyRefresherOptions {
  envoy: ResolvedEnvoyConfig
  store: CredentialStore
  callUpstream: CallUpstream
  /** The BFF's one token keeper, which refreshes Rhombus sessions too. */
  keeper: TokenKeeper
  now?: () => number
}

/** Hands out usable Envoy access tokens, refreshing them when needed. */
export interface EnvoyRefresher {
  /**
   * The user's live direct connection, refreshed first when its access token expires
   * within the keeper's skew, or when it is `stale` (the token the API just answered 401
   * to). Throws 401 `envoy_disconnected` when there is no live connection, including when
   * Envoy refuses the refresh token (`invalid_grant`): the connection is then marked
   * disconnected (`reason: 'revoked'`) and its tokens are deleted.
   */
  connection(userId: string, options?: { stale?: string }): Promise<ConnectedConnection>
}

/**
 * Envoy connections as {@link TokenHolder}s of the BFF's {@link TokenKeeper} (SECURITY 21,
 * 28): one refresh at a time per connection, the rotated refresh token stored atomically,
 * `invalid_grant` marking the connection disconnected.
 */
export function createEnvoyRefresher(options: EnvoyRefresherOptions): EnvoyRefresher {
  const { envoy, store, callUpstream, keeper } = options
  const now = options.now ?? (() => Date.now())
  const provider = envoyOAuthProvider(envoy.authUrl)

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

  const holder = (userId: string): TokenHolder<StoredConnection> => {
    const key = envoyConnectionKey(userId)
    return {
      id: `connection:${key.provider}\u0000${key.userId}`,
      name: 'Envoy connection',
      read: () => store.getConnection(key),
      update: (fn) => store.update(key, fn),
      tokens: (connection) =>
        connection.status === 'connected'
          ? {
              accessToken: connection.accessToken,
              ...(connection.refreshToken !== undefined && {
                refreshToken: connection.refreshToken,
              }),
              ...(connection.expiresAt !== undefined && { expiresAt: connection.expiresAt }),
              issuedAt: connection.updatedAt,
            }
          : undefined,
      refresh: async (refreshToken) =>
        processRefreshTokenResponse(
          provider,
          await callUpstream(refreshTokenGrantRequest(provider, envoy, refreshToken)),
          refreshToken,
        ),
      renewed: (connection, tokens) =>
        envoyConnectionFromTokens(tokens, {
          userId,
          requestedScopes: envoy.scopes,
          previous: connection as ConnectedConnection,
          now: now(),
        }),
      ended: (connection, reason) =>
        connection.status === 'connected' ? disconnected(connection, reason) : connection,
    }
  }

  return {
    async connection(userId, { stale } = {}) {
      return live(await keeper.fresh(holder(userId), stale === undefined ? {} : { stale }))
    },
  }
}

/** What {@link envoyConnectionFromTokens} needs besides the tokens. */
export interface EnvoyTokenContext {
  userId: string
  /** The scopes asked for: the connection's scopes when Envoy does not say which it granted. */
  requestedScopes: readonly string[]
  /** The connection being refreshed, whose facts carry over when Envoy does not repeat them. */
  previous?: ConnectedConnection
  now: number
}

/**
 * The stored form of an Envoy token response (exchange or refresh): the generic
 * {@link connectionFromTokens} under provider `envoy`, with Envoy's `company_id` kept.
 */
export function envoyConnectionFromTokens(
  tokens: TokenEndpointResponse,
  context: EnvoyTokenContext,
): ConnectedConnection {
  return connectionFromTokens(tokens, {
    ...context,
    provider: 'envoy',
    accountParameter: 'company_id',
  })
}

/** Where a user's direct Envoy connection is kept in the credential store. */
export function envoyConnectionKey(userId: string): ConnectionKey {
  return { userId, provider: 'envoy' }
}
