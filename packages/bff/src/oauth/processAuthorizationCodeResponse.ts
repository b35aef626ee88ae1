import type { UpstreamResponse } from '../http/callUpstream.js'
import type { OAuthProvider } from './OAuthProvider.js'
import { processTokenEndpointResponse } from './processTokenEndpointResponse.js'
import type { TokenEndpointResponse } from './TokenEndpointResponse.js'

/**
 * The tokens in the answer to {@link authorizationCodeGrantRequest}, or a `BffError`
 * (see {@link processTokenEndpointResponse}). Whatever it throws, do not send the code again.
 */
export function processAuthorizationCodeResponse(
  provider: Pick<OAuthProvider, 'name'>,
  response: UpstreamResponse,
): TokenEndpointResponse {
  return processTokenEndpointResponse(provider, response)
}
