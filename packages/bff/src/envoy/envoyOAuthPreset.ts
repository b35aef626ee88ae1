import type { ResolvedEnvoyConfig } from '../config/resolveBffConfig.js'
import type { ResolvedOAuthProvider } from '../providers/ResolvedOAuthProvider.js'
import { envoyAuthorizeEndpoint, envoyOAuthProvider } from './envoyOAuthProvider.js'

/**
 * The `envoy` setting as the generic provider `envoy`: Envoy's token endpoint (JSON body,
 * client id and secret as body members), no PKCE, no `redirect_uri` in the token request
 * (Envoy's guide sends none), and `company_id` kept as the connection's account.
 */
export function envoyOAuthPreset(envoy: ResolvedEnvoyConfig): ResolvedOAuthProvider {
  return {
    ...envoyOAuthProvider(envoy.authUrl),
    id: 'envoy',
    name: 'Envoy',
    clientId: envoy.clientId,
    clientSecret: envoy.clientSecret,
    authorizeUrl: envoyAuthorizeEndpoint(envoy.authUrl),
    scopes: envoy.scopes,
    redirectUri: envoy.redirectUri,
    pkce: false,
    sendRedirectUri: false,
    accountParameter: 'company_id',
  }
}
