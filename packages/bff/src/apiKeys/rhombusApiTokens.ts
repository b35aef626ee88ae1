import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processRhombusApiResponse } from '../rhombus/processRhombusApiResponse.js'
import { rhombusUserRequest } from '../rhombus/rhombusApiRequests.js'
import type { Session } from '../session/Session.js'

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
