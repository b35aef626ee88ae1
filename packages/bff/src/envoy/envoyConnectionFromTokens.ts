import type { TokenEndpointResponse } from '../oauth/TokenEndpointResponse.js'
import { connectionFromTokens } from '../providers/connectionFromTokens.js'
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
