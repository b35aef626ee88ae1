import type { DoorwayErrorCode } from '@doorway/core'
import { BffError, type BffErrorOptions } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'
import { parseJsonObject } from '../http/parseJsonObject.js'
import type { RhombusTokens } from './RhombusTokens.js'
import { tokenEndpointFailure } from './tokenEndpointFailure.js'

const tokenErrorCodes = new Set<string>([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
] satisfies DoorwayErrorCode[])

/**
 * The tokens in an `oauth2` token response (RFC 6749 §5.1), or a `BffError`: errors map by
 * their `error` code (§5.2; unknown codes become `upstream_error` with `error` kept), and a
 * response without a string `access_token`, or with a `token_type` other than Bearer, is
 * `invalid_response`.
 */
export function processOAuth2TokenResponse(response: UpstreamResponse): RhombusTokens {
  const json = parseJsonObject(response.body)
  const failure = tokenEndpointFailure(response, json, 'oauth2')
  if (failure) throw failure
  const body = json as Record<string, unknown>

  if (typeof body.error === 'string') {
    const description =
      typeof body.error_description === 'string' ? body.error_description : undefined
    const options: BffErrorOptions = { error: body.error }
    if (description !== undefined) options.error_description = description
    throw new BffError(
      tokenErrorCodes.has(body.error) ? (body.error as DoorwayErrorCode) : 'upstream_error',
      `Rhombus refused the code exchange: ${body.error}${description ? ` (${description})` : ''}.`,
      options,
    )
  }
  if (response.status < 200 || response.status > 299) {
    throw new BffError(
      'invalid_response',
      `The Rhombus token endpoint answered HTTP ${response.status} without an error code.`,
    )
  }
  if (typeof body.access_token !== 'string' || body.access_token === '') {
    throw new BffError('invalid_response', 'The token response has no access_token string.')
  }
  if (
    body.token_type !== undefined &&
    (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer')
  ) {
    throw new BffError('invalid_response', 'The token response has a token_type other than Bearer.')
  }
  const tokens: RhombusTokens = { accessToken: body.access_token }
  if (typeof body.refresh_token === 'string') tokens.refreshToken = body.refresh_token
  if (typeof body.expires_in === 'number' && body.expires_in > 0) tokens.expiresIn = body.expires_in
  return tokens
}
