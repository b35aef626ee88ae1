import type { ProviderConnection } from '@doorway/core'
import type { StoredConnection } from '../store/StoredConnection.js'

/**
 * The browser's view of a stored connection (the answer of `POST /auth/<provider>/exchange`,
 * `GET /connections/<provider>` and `POST /connections/<provider>/disconnect`), field by
 * field so no token slips in.
 */
export function summarizeStoredConnection(
  stored: StoredConnection | undefined,
): ProviderConnection {
  if (stored === undefined) return { status: 'disconnected', via: 'direct' }
  const summary: ProviderConnection = { status: stored.status, via: 'direct' }
  if (stored.companyId !== undefined) summary.companyId = stored.companyId
  summary.scopes = [...stored.scopes]
  if (stored.status === 'connected') {
    if (stored.expiresAt !== undefined) summary.expiresAt = stored.expiresAt
  } else {
    summary.reason = stored.reason
  }
  return summary
}
