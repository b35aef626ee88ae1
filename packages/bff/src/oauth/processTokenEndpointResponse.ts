import { BffError, type BffErrorOptions } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'
import { parseJsonObject } from '../http/parseJsonObject.js'
import type { OAuthProvider } from './OAuthProvider.js'
import type { TokenEndpointResponse } from './TokenEndpointResponse.js'
import { tokenErrorCode } from './tokenErrorCode.js'

/**
 * Checks a token endpoint's answer to any grant and returns its tokens, or throws a
 * `BffError`:
 * - 5xx → `upstream_unavailable` (503 stays 503), the provider's `error` kept;
 * - a body that is not a JSON object → `invalid_response`;
 * - an `error` member → its RFC 6749 §5.2 code (see {@link tokenErrorCode}), `error` and
 *   `error_description` kept;
 * - another non-2xx status → `invalid_response`;
 * - no non-empty string `access_token`, a `token_type` other than Bearer, or a non-numeric
 *   `expires_in` / `refresh_token_expires_in`, or a non-string `refresh_token` / `scope` →
 *   `invalid_response` (RFC 6749 §5.1).
 */
export function processTokenEndpointResponse(
  provider: Pick<OAuthProvider, 'name'>,
  response: UpstreamResponse,
): TokenEndpointResponse {
  const name = provider.name ?? 'the provider'
  const endpoint = `${name.charAt(0).toUpperCase()}${name.slice(1)}'s token endpoint`
  const json = parseJsonObject(response.body)
  const spec: BffErrorOptions = {}
  if (typeof json?.error === 'string') spec.error = json.error
  if (typeof json?.error_description === 'string') spec.error_description = json.error_description

  if (response.status >= 500) {
    throw new BffError('upstream_unavailable', `${endpoint} answered HTTP ${response.status}.`, {
      ...spec,
      status: response.status === 503 ? 503 : 502,
    })
  }
  if (json === undefined) {
    throw new BffError(
      'invalid_response',
      `${endpoint} answered HTTP ${response.status} with a body that is not a JSON object.`,
    )
  }
  if (spec.error !== undefined) {
    const described = spec.error_description ? ` (${spec.error_description})` : ''
    throw new BffError(
      tokenErrorCode(spec.error),
      `${endpoint} refused the request: ${spec.error}${described}.`,
      spec,
    )
  }
  if (response.status < 200 || response.status > 299) {
    throw new BffError(
      'invalid_response',
      `${endpoint} answered HTTP ${response.status} without an error code.`,
    )
  }

  const invalid = (what: string) =>
    new BffError('invalid_response', `The token response of ${name} ${what}.`)
  const { access_token, token_type, expires_in, refresh_token, refresh_token_expires_in, scope } =
    json
  if (typeof access_token !== 'string' || access_token === '') {
    throw invalid('has no access_token string')
  }
  if (
    token_type !== undefined &&
    (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer')
  ) {
    throw invalid('has a token_type other than Bearer')
  }
  const seconds = (value: unknown, member: string): number | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalid(`has a ${member} that is not a number of seconds`)
    }
    return value
  }
  const text = (value: unknown, member: string): string | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw invalid(`has a ${member} that is not a string`)
    return value
  }

  const tokens: TokenEndpointResponse = { accessToken: access_token, parameters: json }
  if (token_type !== undefined) tokens.tokenType = token_type
  const expiresIn = seconds(expires_in, 'expires_in')
  if (expiresIn !== undefined) tokens.expiresIn = expiresIn
  const refreshToken = text(refresh_token, 'refresh_token')
  if (refreshToken !== undefined && refreshToken !== '') tokens.refreshToken = refreshToken
  const refreshExpiresIn = seconds(refresh_token_expires_in, 'refresh_token_expires_in')
  if (refreshExpiresIn !== undefined) tokens.refreshTokenExpiresIn = refreshExpiresIn
  const granted = text(scope, 'scope')
  if (granted !== undefined) tokens.scope = granted
  return tokens
}
