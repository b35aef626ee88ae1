import type { UpstreamResponse } from '../http/callUpstream.js'
import { processAuthorizationCodeResponse } from '../oauth/processAuthorizationCodeResponse.js'
import type { RhombusTokens } from './RhombusTokens.js'
import { tokenEndpointFailure } from './tokenEndpointFailure.js'

/**
 * The tokens in an `oauth2` token response (RFC 6749 §5.1), or a `BffError`: HTTP 415 means
 * the server speaks the legacy dialect (`wrong_dialect`); everything else is checked by the
 * generic {@link processAuthorizationCodeResponse} (errors by their §5.2 code, a missing
 * `access_token` or a `token_type` other than Bearer is `invalid_response`).
 */
export function processOAuth2TokenResponse(response: UpstreamResponse): RhombusTokens {
  const wrongDialect =
    response.status === 415 && tokenEndpointFailure(response, undefined, 'oauth2')
  if (wrongDialect) throw wrongDialect
  const tokens = processAuthorizationCodeResponse({ name: 'Rhombus' }, response)
  const result: RhombusTokens = { accessToken: tokens.accessToken }
  if (tokens.refreshToken !== undefined) result.refreshToken = tokens.refreshToken
  if (tokens.expiresIn !== undefined && tokens.expiresIn > 0) result.expiresIn = tokens.expiresIn
  return result
}
