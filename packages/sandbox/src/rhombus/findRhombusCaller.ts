import { parseJsonObject } from '../jsonBody.js'
import { hasMediaType } from '../mediaType.js'
import { checkRhombusScheme, findRhombusGrant } from './authenticateRhombusAccessToken.js'
import { authenticateRhombusApiKey } from './authenticateRhombusApiKey.js'
import type { RhombusState, TokenGrant } from './createRhombusState.js'
import type { RhombusAccount } from './rhombusAccounts.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/** Who calls an API route: the account, and the OAuth grant when it came with a token. */
export interface RhombusCaller {
  account: RhombusAccount
  /** Absent for an API key (`api-token` + `x-auth-apikey`). */
  grant?: TokenGrant
}

/**
 * The caller of an API route that takes either credential: an API key when the scheme is
 * `api-token` and `x-auth-apikey` is sent, otherwise an OAuth access token (known, not
 * expired; whether its scheme suits the account is left to {@link checkRhombusCallerScheme},
 * so a route can first answer a partner in its own way). A string is the `errorMsg` of
 * the 401.
 */
export function findRhombusCaller(state: RhombusState, headers: Headers): RhombusCaller | string {
  if (headers.get('x-auth-scheme') === 'api-token' && headers.has('x-auth-apikey')) {
    const account = authenticateRhombusApiKey(state, headers)
    return typeof account === 'string' ? account : { account }
  }
  const grant = findRhombusGrant(state, headers)
  return typeof grant === 'string' ? grant : { account: grant.account, grant }
}

/** The `errorMsg` of the 401 when a token's scheme does not suit its account. */
export function checkRhombusCallerScheme(
  caller: RhombusCaller,
  headers: Headers,
): string | undefined {
  return caller.grant === undefined ? undefined : checkRhombusScheme(caller.grant, headers)
}

/** {@link findRhombusCaller} then {@link checkRhombusCallerScheme}. */
export function authenticateRhombusCaller(
  state: RhombusState,
  headers: Headers,
): RhombusCaller | string {
  const caller = findRhombusCaller(state, headers)
  if (typeof caller === 'string') return caller
  return checkRhombusCallerScheme(caller, headers) ?? caller
}

/**
 * The `errorMsg` (with its status) when an API request's body is not a JSON object sent
 * as `application/json`, else `undefined`.
 */
export async function checkRhombusJsonBody(
  request: Request,
): Promise<{ status: 400 | 415; errorMsg: string } | undefined> {
  if (!hasMediaType(request.headers, 'application/json')) {
    return { status: 415, errorMsg: errors.unsupportedMediaType }
  }
  if (parseJsonObject(await request.text()) === undefined) {
    return { status: 400, errorMsg: errors.invalidBody }
  }
  return undefined
}
