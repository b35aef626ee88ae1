import type { StoredConnection } from '../store/StoredConnection.js'

/** The three ways to connect Envoy (see `shared/providers/envoy.md`). */
export type EnvoyVia = 'direct' | 'rhombus' | 'versori'

/** Every {@link EnvoyVia}, for checking input. */
export const envoyVias: readonly EnvoyVia[] = ['direct', 'rhombus', 'versori']

/** What the browser learns about an Envoy connection; never a token. */
export interface EnvoyConnection {
  status: 'connected' | 'disconnected'
  via: EnvoyVia
  /** Envoy's `company_id`, when known. */
  companyId?: string
  scopes?: string[]
  /** Epoch milliseconds when the current access token expires (direct connections). */
  expiresAt?: number
  /** Why a connection that existed is gone: `revoked` after a refused refresh. */
  reason?: 'revoked' | 'expired'
}

/** The browser's view of a stored (direct) connection, field by field so no token slips in. */
export function summarizeStoredConnection(stored: StoredConnection | undefined): EnvoyConnection {
  if (stored === undefined) return { status: 'disconnected', via: 'direct' }
  const summary: EnvoyConnection = { status: stored.status, via: 'direct' }
  if (stored.companyId !== undefined) summary.companyId = stored.companyId
  summary.scopes = [...stored.scopes]
  if (stored.status === 'connected') {
    if (stored.expiresAt !== undefined) summary.expiresAt = stored.expiresAt
  } else {
    summary.reason = stored.reason
  }
  return summary
}
