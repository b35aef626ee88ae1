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
