import type { StoredConnection } from '../store/StoredConnection.js'

/**
 * What the browser learns about a user's stored connection to a provider; never a token.
 * The answer of `POST /auth/<provider>/exchange`, `GET /connections/<provider>` and
 * `POST /connections/<provider>/disconnect` (for Envoy, the `direct` `EnvoyConnection`).
 */
export interface ConnectionSummary {
  status: 'connected' | 'disconnected'
  /** The BFF holds the tokens itself. */
  via: 'direct'
  /** The provider's account the connection reaches (Envoy's `company_id`), when known. */
  companyId?: string
  /** Scopes granted (as the token response said, else as asked). */
  scopes?: string[]
  /** Epoch milliseconds when the current access token expires, when the provider said. */
  expiresAt?: number
  /** Why a connection that existed is gone: `revoked` after a refused refresh. */
  reason?: 'revoked' | 'expired'
}

/** The browser's view of a stored connection, field by field so no token slips in. */
export function summarizeStoredConnection(stored: StoredConnection | undefined): ConnectionSummary {
  if (stored === undefined) return { status: 'disconnected', via: 'direct' }
  const summary: ConnectionSummary = { status: stored.status, via: 'direct' }
  if (stored.companyId !== undefined) summary.companyId = stored.companyId
  summary.scopes = [...stored.scopes]
  if (stored.status === 'connected') {
    if (stored.expiresAt !== undefined) summary.expiresAt = stored.expiresAt
  } else {
    summary.reason = stored.reason
  }
  return summary
}
