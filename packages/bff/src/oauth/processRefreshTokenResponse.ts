import type { UpstreamResponse } from '../http/callUpstream.js'
import type { OAuthProvider } from './OAuthProvider.js'
import { processTokenEndpointResponse } from './processTokenEndpointResponse.js'
import type { TokenEndpointResponse } from './TokenEndpointResponse.js'

/**
 * The tokens in the answer to {@link refreshTokenGrantRequest}, or a `BffError` (see
 * {@link processTokenEndpointResponse}); `invalid_grant` means the refresh token is no
 * longer good (revoked, expired or already rotated). A response without `refresh_token`
 * keeps the one that was sent (RFC 6749 §6), so it is filled in here.
 */
export function processRefreshTokenResponse(
  provider: Pick<OAuthProvider, 'name'>,
  response: UpstreamResponse,
  sentRefreshToken: string,
): TokenEndpointResponse {
  const tokens = processTokenEndpointResponse(provider, response)
  if (tokens.refreshToken === undefined) tokens.refreshToken = sentRefreshToken
  return tokens
}
