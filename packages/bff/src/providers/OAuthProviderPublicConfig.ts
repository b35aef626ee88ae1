import type { ResolvedOAuthProvider } from './ResolvedOAuthProvider.js'

/**
 * What the browser needs to send a user to a provider and check the answer; public by
 * design (`GET /config`, `providers.<id>`). No secret and no token endpoint.
 */
export interface OAuthProviderPublicConfig {
  clientId: string
  /** The authorization endpoint, as configured (it may carry a query to keep). */
  authorizeUrl: string
  /** Space-separated scopes to ask for; absent: ask for none (the provider's default). */
  scope?: string
  /** Exact, as registered; the exchange must present it verbatim. */
  redirectUri: string
  /** The issuer an authorization response's `iss` must equal (RFC 9207), when known. */
  issuer?: string
  /** Send `code_challenge` (S256) and give the exchange the `codeVerifier`; without it, send neither. */
  pkce: boolean
}

/** The public part of a provider's settings; built field by field so a secret cannot slip in. */
export function oauthProviderPublicConfig(
  provider: ResolvedOAuthProvider,
): OAuthProviderPublicConfig {
  const config: OAuthProviderPublicConfig = {
    clientId: provider.clientId,
    authorizeUrl: provider.authorizeUrl,
    redirectUri: provider.redirectUri,
    pkce: provider.pkce,
  }
  if (provider.scopes.length > 0) config.scope = provider.scopes.join(' ')
  if (provider.issuer !== undefined) config.issuer = provider.issuer
  return config
}
