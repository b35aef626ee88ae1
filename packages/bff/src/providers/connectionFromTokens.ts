import type { TokenEndpointResponse } from '../oauth/TokenEndpointResponse.js'
import type { ConnectedConnection } from '../store/StoredConnection.js'

/** What {@link connectionFromTokens} needs besides the tokens. */
export interface ConnectionTokenContext {
  /** The provider id the connection is stored under. */
  provider: string
  userId: string
  /** The scopes asked for: the connection's scopes when the provider does not say which it granted. */
  requestedScopes: readonly string[]
  /** The token response member naming the provider's account (Envoy: `company_id`), kept as `companyId`. */
  accountParameter?: string
  /** The connection being refreshed, whose facts carry over when the provider does not repeat them. */
  previous?: ConnectedConnection
  now: number
}

/**
 * The stored form of a token response (exchange or refresh): tokens, scopes, the account
 * (a string; numbers are accepted and written as one), and expiries turned into epoch
 * milliseconds. Other members (e.g. an `id_token`) are not kept.
 */
export function connectionFromTokens(
  tokens: TokenEndpointResponse,
  context: ConnectionTokenContext,
): ConnectedConnection {
  const { previous, now } = context
  const connection: ConnectedConnection = {
    userId: context.userId,
    provider: context.provider,
    via: 'direct',
    status: 'connected',
    scopes: tokens.scope?.split(' ').filter(Boolean) ??
      previous?.scopes ?? [...context.requestedScopes],
    accessToken: tokens.accessToken,
    updatedAt: now,
  }
  const account =
    context.accountParameter === undefined ? undefined : tokens.parameters[context.accountParameter]
  if (typeof account === 'string' && account !== '') connection.companyId = account
  else if (typeof account === 'number') connection.companyId = String(account)
  else if (previous?.companyId !== undefined) connection.companyId = previous.companyId
  if (tokens.refreshToken !== undefined) connection.refreshToken = tokens.refreshToken
  if (tokens.expiresIn !== undefined) connection.expiresAt = now + tokens.expiresIn * 1000
  if (tokens.refreshTokenExpiresIn !== undefined) {
    connection.refreshExpiresAt = now + tokens.refreshTokenExpiresIn * 1000
  } else if (previous?.refreshToken === tokens.refreshToken && previous?.refreshExpiresAt) {
    connection.refreshExpiresAt = previous.refreshExpiresAt
  }
  return connection
}
