/**
 * What the BFF tells the browser about a connection to a standards-based provider
 * (`GET /connections/<provider>`, the answer of its exchange); never a token.
 */
export interface ProviderConnection {
  status: 'connected' | 'disconnected'
  via: 'direct'
  /** The provider's account, when its preset names one (Envoy's `company_id`). */
  companyId?: string
  /** Granted scopes, else the configured ones. */
  scopes?: string[]
  /** Epoch milliseconds, when the provider gave `expires_in`. */
  expiresAt?: number
  /** Why a stored connection is gone. */
  reason?: 'revoked' | 'expired'
}
