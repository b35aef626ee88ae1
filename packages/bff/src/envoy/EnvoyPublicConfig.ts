import type { ResolvedEnvoyConfig } from '../config/resolveBffConfig.js'
import { envoyAuthorizeEndpoint } from './envoyOAuthProvider.js'

/** What the browser needs to send a user to Envoy's consent page; public by design (`GET /config`). */
export interface EnvoyPublicConfig {
  clientId: string
  /** `{authUrl}/a/auth/v0/authorize`. */
  authorizeUrl: string
  /** Space-separated; encode once, as `+` (`locations.read+token.refresh`). */
  scope: string
  /** Exact, as saved in Envoy's Dev Dashboard. */
  redirectUri: string
}

/** The public part of the Envoy settings; built field by field so a secret cannot slip in. */
export function envoyPublicConfig(envoy: ResolvedEnvoyConfig): EnvoyPublicConfig {
  return {
    clientId: envoy.clientId,
    authorizeUrl: envoyAuthorizeEndpoint(envoy.authUrl),
    scope: envoy.scopes.join(' '),
    redirectUri: envoy.redirectUri,
  }
}
