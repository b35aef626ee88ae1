import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processRhombusApiResponse, rhombusUserRequest } from '../rhombus/rhombusApi.js'
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

/** One key of a `getApiTokens` answer: the fields Doorway reads. */
export interface RhombusApiToken {
  tokenUuid: string
  displayName: string
}

type Caller = Pick<Session, 'accessToken' | 'isPartner'>

/** `integrations/org/<name>` for a standard account, `partner/<name>` for a partner. */
const pathOf = (caller: Caller, name: string) =>
  `${caller.isPartner ? 'partner' : 'integrations/org'}/${name}`

const schemeOf = (caller: Caller) =>
  caller.isPartner ? 'partner-api-oauth-token' : ('api-oauth-token' as const)

/**
 * `POST {apiUrl}/api/integrations/org/getApiTokens` (a partner:
 * `/api/partner/getApiTokens` with `partner-api-oauth-token`) `{}` with the user's token:
 * the organisation's API keys (Rhombus's OpenAPI). Pair with {@link processApiTokensResponse}.
 */
export function apiTokensRequest(apiUrl: string, caller: Caller): UpstreamRequest {
  return rhombusUserRequest(
    apiUrl,
    pathOf(caller, 'getApiTokens'),
    caller.accessToken,
    schemeOf(caller),
  )
}

/**
 * The documented `apiTokens: [{tokenUuid, displayName, ...}]` of a `getApiTokens` answer
 * (entries without a string `tokenUuid` are skipped), or a `BffError` as
 * {@link processRhombusApiResponse}; an answer without an `apiTokens` array is `invalid_response`.
 */
export function processApiTokensResponse(response: UpstreamResponse): RhombusApiToken[] {
  const json = processRhombusApiResponse(response, 'getApiTokens', {
    detail: "Rhombus refused to list the organisation's API keys",
    hint: 'Sign in again; listing API keys needs an account that may manage them.',
  })
  if (!Array.isArray(json.apiTokens)) {
    throw new BffError('invalid_response', 'Rhombus answered getApiTokens without apiTokens.')
  }
  return json.apiTokens.flatMap((entry: unknown) => {
    const { tokenUuid, displayName } = (entry ?? {}) as Record<string, unknown>
    return typeof tokenUuid === 'string' && tokenUuid !== ''
      ? [{ tokenUuid, displayName: typeof displayName === 'string' ? displayName : '' }]
      : []
  })
}

/**
 * The `tokenUuid` of the one listed key named `displayName`, or `undefined` when none or
 * more than one has that name (a guess could revoke another key).
 */
export function findApiToken(tokens: RhombusApiToken[], displayName: string): string | undefined {
  const named = tokens.filter((token) => token.displayName === displayName)
  return named.length === 1 ? named[0]?.tokenUuid : undefined
}

/**
 * `POST {apiUrl}/api/integrations/org/revokeApiToken` (a partner: `/api/partner/revokeApiToken`)
 * `{tokenUuid}` with the user's token: revokes the key at Rhombus, irreversibly. Pair with
 * {@link processRevokeApiTokenResponse}.
 */
export function revokeApiTokenRequest(
  apiUrl: string,
  caller: Caller,
  tokenUuid: string,
): UpstreamRequest {
  return rhombusUserRequest(
    apiUrl,
    pathOf(caller, 'revokeApiToken'),
    caller.accessToken,
    schemeOf(caller),
    { tokenUuid },
  )
}

/**
 * Nothing when Rhombus revoked the key; a `BffError` when it refused (`upstream_error` with
 * its `errorMsg`, even under HTTP 200), as {@link processRhombusApiResponse}.
 */
export function processRevokeApiTokenResponse(response: UpstreamResponse): void {
  const hint =
    'The key is still listed and still works: sign in again with an account that may manage API keys, or revoke it in the Rhombus console.'
  try {
    processRhombusApiResponse(response, 'revokeApiToken', {
      detail: 'Rhombus refused to revoke the API key',
      hint,
    })
  } catch (error) {
    if (!(error instanceof BffError) || error.code !== 'upstream_error') throw error
    throw new BffError('upstream_error', error.message, {
      status: 502,
      hint,
      cause: error,
      ...(error.error_description !== undefined && { error_description: error.error_description }),
    })
  }
}
