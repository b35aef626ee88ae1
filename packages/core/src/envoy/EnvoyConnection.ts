/**
 * The three ways to connect Envoy: `direct` (this app is Envoy's OAuth client; the BFF keeps
 * the tokens), `rhombus` (Rhombus's own Envoy integration keeps them), `versori` (Versori
 * keeps them).
 */
export type EnvoyVia = 'direct' | 'rhombus' | 'versori'

/** Every {@link EnvoyVia}, in the order the demo offers them. */
export const envoyVias: readonly EnvoyVia[] = ['direct', 'rhombus', 'versori']

/** What the BFF tells the browser about an Envoy connection (never a token). */
export interface EnvoyConnection {
  status: 'connected' | 'disconnected'
  via: EnvoyVia
  /** Envoy's `company_id`, when known. */
  companyId?: string
  scopes?: string[]
  /** Direct: when the current access token expires, in epoch milliseconds. */
  expiresAt?: number
  /** Direct: why a connection that existed is gone (`revoked` after a refused refresh). */
  reason?: 'revoked' | 'expired'
  /** A provider's warning for the user (Rhombus's `warningMsg`). */
  warning?: string
}

/**
 * The ids of the flows of the redirecting ways (`envoyFlows`), which their callbacks come
 * back on: `/oauth/callback/envoy` and `/oauth/callback/envoy-rhombus`.
 */
export const envoyFlowIds = { direct: 'envoy', rhombus: 'envoy-rhombus' } as const

/**
 * The way to connect Envoy a flow id belongs to (`client.callbackFlow()`,
 * `CallbackResult.flow`): `direct` for `envoy`, `rhombus` for `envoy-rhombus`, else undefined.
 */
export const envoyViaOf = (flow: string | null | undefined): EnvoyVia | undefined =>
  // Literal: the ids' object stays out of bundles that only attribute callbacks.
  flow === 'envoy' ? 'direct' : flow === 'envoy-rhombus' ? 'rhombus' : undefined
