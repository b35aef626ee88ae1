import type { OAuthProviderPublicConfig } from '../providers/OAuthProviderPublicConfig.js'

/**
 * What the browser needs to send a user to Envoy's consent page; public by design
 * (`GET /config`, `providers.envoy`): the generic provider entry of the Envoy preset.
 */
export interface EnvoyPublicConfig extends OAuthProviderPublicConfig {
  /** `{authUrl}/a/auth/v0/authorize`. */
  authorizeUrl: string
  /** Space-separated; encode once, as `+` (`locations.read+token.refresh`). */
  scope: string
  /** Exact, as saved in Envoy's Dev Dashboard. */
  redirectUri: string
  /** Envoy documents no PKCE (and no issuer). */
  pkce: false
}
