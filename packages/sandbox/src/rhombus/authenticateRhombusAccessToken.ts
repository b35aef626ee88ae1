import type { RhombusState, TokenGrant } from './createRhombusState.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/** The API schemes an OAuth access token may use, by whether its account is a partner. */
export const rhombusAccessTokenSchemes = {
  standard: 'api-oauth-token',
  partner: 'partner-api-oauth-token',
} as const

/**
 * Checks `x-auth-scheme` (one of the two OAuth token schemes) and `x-auth-access-token`
 * (known, not expired) and returns the token's grant, or the `errorMsg` of the 401.
 * Whether the scheme suits the account is left to {@link checkRhombusScheme}, so that an
 * endpoint can first answer a partner token in its own way.
 */
export function findRhombusGrant(state: RhombusState, headers: Headers): TokenGrant | string {
  const scheme = headers.get('x-auth-scheme')
  if (
    scheme !== rhombusAccessTokenSchemes.standard &&
    scheme !== rhombusAccessTokenSchemes.partner
  ) {
    return errors.unsupportedAuthScheme
  }
  const token = headers.get('x-auth-access-token')
  if (token === null || token === '') return errors.missingAccessToken
  const grant = state.findAccessToken(token)
  if (grant === undefined) return errors.invalidAccessToken
  if (state.now() >= grant.expiresAt) return errors.expiredAccessToken
  return grant
}

/** The `errorMsg` of the 401 when the scheme does not suit the grant's account. */
export function checkRhombusScheme(grant: TokenGrant, headers: Headers): string | undefined {
  const expected = grant.account.partner
    ? rhombusAccessTokenSchemes.partner
    : rhombusAccessTokenSchemes.standard
  if (headers.get('x-auth-scheme') === expected) return undefined
  return grant.account.partner ? errors.partnerSchemeRequired : errors.standardSchemeRequired
}

/** {@link findRhombusGrant} then {@link checkRhombusScheme}. */
export function authenticateRhombusAccessToken(
  state: RhombusState,
  headers: Headers,
): TokenGrant | string {
  const grant = findRhombusGrant(state, headers)
  if (typeof grant === 'string') return grant
  return checkRhombusScheme(grant, headers) ?? grant
}
