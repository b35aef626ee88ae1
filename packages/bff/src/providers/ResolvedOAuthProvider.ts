import type { OAuthClient, OAuthProvider } from '../oauth/OAuthProvider.js'

/**
 * A provider users connect to with the authorization code grant, its settings checked: the
 * token endpoint described as data (an {@link OAuthProvider}), the BFF's client there
 * (never leaves the BFF), and what the browser needs to send users to it. Every entry of
 * `BffConfig.oauthProviders` becomes one, and so does the `envoy` setting (a preset:
 * {@link envoyOAuthPreset}); one exchange route serves them all.
 */
export interface ResolvedOAuthProvider extends OAuthProvider, OAuthClient {
  /** `[a-z][a-z0-9-]*`: the `:provider` of the routes, and the provider of stored connections. */
  id: string
  /** Names the provider in messages: `Envoy`, else the id. */
  name: string
  /** The authorization endpoint, as configured. */
  authorizeUrl: string
  /** Scopes asked for; empty when none are configured (the provider's default). */
  scopes: readonly string[]
  /** Exact; the exchange must present it verbatim. */
  redirectUri: string
  /** The exchange requires a `codeVerifier` (RFC 7636), and refuses one otherwise. */
  pkce: boolean
  /**
   * The token request carries `redirect_uri` (RFC 6749 §4.1.3 requires it whenever the
   * authorization request had one). Only Envoy's preset leaves it out: its documented body
   * has none.
   */
  sendRedirectUri: boolean
  /**
   * The token response member that names the provider's account, stored as `companyId`
   * (Envoy: `company_id`). None for generic providers.
   */
  accountParameter?: string
}
