import type { TokenEndpointResponse } from '../oauth/TokenEndpointResponse.js'
import type { ConnectedConnection } from '../store/StoredConnection.js'

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
 * The stored form of an Envoy token response (exchange or refresh): tokens, `company_id`
 * (a string; numbers are accepted and written as one), scopes, and expiries turned into
 * epoch milliseconds.
 */
export function envoyConnectionFromTokens(
  tokens: TokenEndpointResponse,
  context: EnvoyTokenContext,
): ConnectedConnection {
  const { previous, now } = context
  const company = tokens.parameters.company_id
  const connection: ConnectedConnection = {
    userId: context.userId,
    provider: 'envoy',
    via: 'direct',
    status: 'connected',
    scopes: tokens.scope?.split(' ').filter(Boolean) ??
      previous?.scopes ?? [...context.requestedScopes],
    accessToken: tokens.accessToken,
    updatedAt: now,
  }
  if (typeof company === 'string' && company !== '') connection.companyId = company
  else if (typeof company === 'number') connection.companyId = String(company)
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
