import { BffError } from '../http/BffError.js'
import type { OAuthProvider } from './OAuthProvider.js'

/**
 * Checks the `iss` of an authorization response
 * ([RFC 9207 §2.4](https://www.rfc-editor.org/rfc/rfc9207#section-2.4)) before its code is
 * redeemed: when the provider has an `issuer` and `iss` is present, they must be equal
 * (simple string comparison), else 400 `iss_mismatch`. With `required`, a missing `iss` is
 * refused too (for servers that advertise `authorization_response_iss_parameter_supported`).
 */
export function validateIssuer(
  provider: Pick<OAuthProvider, 'issuer' | 'name'>,
  iss: string | null | undefined,
  options: { required?: boolean } = {},
): void {
  if (provider.issuer === undefined) return
  if (iss === undefined || iss === null) {
    if (options.required) {
      throw new BffError('iss_mismatch', 'The authorization response carries no iss parameter.')
    }
    return
  }
  if (iss !== provider.issuer) {
    throw new BffError(
      'iss_mismatch',
      `The authorization response came from issuer "${iss}", not from ${provider.name ?? 'the provider'} ("${provider.issuer}").`,
    )
  }
}
