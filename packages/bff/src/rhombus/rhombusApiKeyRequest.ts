import type { UpstreamRequest } from '../http/callUpstream.js'
import type { RhombusWithApiKey } from './requireRhombusApiKey.js'

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
