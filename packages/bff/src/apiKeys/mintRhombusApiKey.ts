import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processRhombusApiResponse } from '../rhombus/processRhombusApiResponse.js'
import type { Session } from '../session/Session.js'

/**
 * `submitApiTokenApplication` with the session's access token: a standard session calls
 * `POST {apiUrl}/api/integrations/org/submitApiTokenApplication` with
 * `x-auth-scheme: api-oauth-token`, a partner session
 * `POST {apiUrl}/api/partner/submitApiTokenApplication` with `partner-api-oauth-token`;
 * both with `x-auth-access-token` and the JSON body `{displayName, authType: "API_TOKEN"}`
 * (see `shared/providers/rhombus.md`, "Minting a long-lived API key"). Pair with
 * {@link processMintRhombusApiKeyResponse}, after handling a 401 (the token no longer works).
 */
export function mintRhombusApiKeyRequest(
  apiUrl: string,
  session: Pick<Session, 'accessToken' | 'isPartner'>,
  displayName: string,
): UpstreamRequest {
  return {
    url: `${apiUrl}/api/${session.isPartner ? 'partner' : 'integrations/org'}/submitApiTokenApplication`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': session.isPartner ? 'partner-api-oauth-token' : 'api-oauth-token',
      'x-auth-access-token': session.accessToken,
    },
    body: JSON.stringify({ displayName, authType: 'API_TOKEN' }),
  }
}

/**
 * The minted key of a `submitApiTokenApplication` answer (`{apiKey, error?, errorMsg?}`),
 * or a `BffError`: 401 or 403 is `upstream_error` (502; the account may not mint keys),
 * `error: true` (even with HTTP 200) `upstream_error` with Rhombus's `errorMsg`, 5xx
 * `upstream_unavailable`, a body that is not a JSON object or has no non-empty string
 * `apiKey` `invalid_response`. No error carries the answer's body.
 */
export function processMintRhombusApiKeyResponse(response: UpstreamResponse): string {
  const action = 'submitApiTokenApplication'
  const json = processRhombusApiResponse(response, action, {
    detail: 'Rhombus refused to mint an API key',
    hint: 'This Rhombus account may not mint API keys: ask an administrator of the organisation, or create the key in the Rhombus console.',
  })
  if (typeof json.apiKey !== 'string' || json.apiKey === '') {
    throw new BffError('invalid_response', `Rhombus answered ${action} without an apiKey.`)
  }
  return json.apiKey
}
