import { BffError, type BffErrorOptions } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'
import { parseJsonObject } from '../http/parseJsonObject.js'
import { legacyErrorCode } from './legacyErrorCode.js'
import type { RhombusTokens } from './RhombusTokens.js'
import { tokenEndpointFailure } from './tokenEndpointFailure.js'

/**
 * The tokens in a legacy token response (`{accessToken, refreshToken,
 * accessTokenExpirationSec}`), or a `BffError`. Failures (`error: true` with `errorMsg`,
 * even under HTTP 200, or any non-2xx) map by their text through {@link legacyErrorCode}.
 */
export function processLegacyTokenResponse(response: UpstreamResponse): RhombusTokens {
  const json = parseJsonObject(response.body)
  const failure = tokenEndpointFailure(response, json, 'legacy')
  if (failure) throw failure
  const body = json as Record<string, unknown>

  if (
    body.error === true ||
    typeof body.error === 'string' ||
    response.status < 200 ||
    response.status > 299
  ) {
    const message = [body.errorMsg, body.error, body.error_description, body.message]
      .filter((part): part is string => typeof part === 'string')
      .join(': ')
    const code = legacyErrorCode(message)
    const options: BffErrorOptions = {}
    if (message !== '') options.error_description = message
    if (typeof body.error === 'string') options.error = body.error
    throw new BffError(
      code,
      `Rhombus refused the code exchange (HTTP ${response.status})${message ? `: ${message}` : '.'}`,
      options,
    )
  }
  if (typeof body.accessToken !== 'string' || body.accessToken === '') {
    throw new BffError('invalid_response', 'The token response has no accessToken string.')
  }
  const tokens: RhombusTokens = { accessToken: body.accessToken }
  if (typeof body.refreshToken === 'string') tokens.refreshToken = body.refreshToken
  if (typeof body.accessTokenExpirationSec === 'number' && body.accessTokenExpirationSec > 0) {
    tokens.expiresIn = body.accessTokenExpirationSec
  }
  return tokens
}
