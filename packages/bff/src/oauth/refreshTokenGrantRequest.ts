import type { UpstreamRequest } from '../http/callUpstream.js'
import type { OAuthClient, OAuthProvider } from './OAuthProvider.js'
import { tokenEndpointRequest } from './tokenEndpointRequest.js'

/**
 * The `refresh_token` token request
 * ([RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749#section-6)): `grant_type`,
 * `refresh_token`, `scope` when given, then the client credentials.
 * Pair with {@link processRefreshTokenResponse}.
 */
export function refreshTokenGrantRequest(
  provider: OAuthProvider,
  client: OAuthClient,
  refreshToken: string,
  options: { scope?: string } = {},
): UpstreamRequest {
  return tokenEndpointRequest(provider, client, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope: options.scope,
  })
}
