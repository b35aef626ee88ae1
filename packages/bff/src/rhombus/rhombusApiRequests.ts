import type { UpstreamRequest } from '../http/callUpstream.js'
import type { RhombusWithApiKey } from './requireRhombusApiKey.js'

/** The `x-auth-scheme` of a user's OAuth token: standard accounts, or partners (MSP/resellers). */
export type RhombusTokenScheme = 'api-oauth-token' | 'partner-api-oauth-token'

/**
 * A Rhombus API call with a user's OAuth token: `POST {apiUrl}/api/<path>` with
 * `x-auth-scheme` (`api-oauth-token`, or `partner-api-oauth-token` for partners),
 * `x-auth-access-token` and a JSON body (`{}` unless given).
 */
export function rhombusUserRequest(
  apiUrl: string,
  path: string,
  accessToken: string,
  scheme: RhombusTokenScheme,
  body: Record<string, unknown> = {},
): UpstreamRequest {
  return {
    url: `${apiUrl}/api/${path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': scheme,
      'x-auth-access-token': accessToken,
    },
    body: JSON.stringify(body),
  }
}

/**
 * A Rhombus API call authenticated with the organisation's API key:
 * `POST {apiUrl}/api/<path>` with `x-auth-scheme: api-token`, `x-auth-apikey` and a JSON body.
 */
export function rhombusApiKeyRequest(
  rhombus: Pick<RhombusWithApiKey, 'apiUrl' | 'apiKey'>,
  path: string,
  body: Record<string, unknown>,
): UpstreamRequest {
  return {
    url: `${rhombus.apiUrl}/api/${path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': rhombus.apiKey,
    },
    body: JSON.stringify(body),
  }
}
