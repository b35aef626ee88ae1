import type { ProviderConnection } from '@doorway/core'
import type { StoredConnection } from '../store/StoredConnection.js'

/**
 * What the browser learns about a user's stored connection to a provider; never a token.
 * The answer of `POST /auth/<provider>/exchange`, `GET /connections/<provider>` and
 * `POST /connections/<provider>/disconnect`. The wire shape is core's `ProviderConnection`.
 */
export type ConnectionSummary = ProviderConnection

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
