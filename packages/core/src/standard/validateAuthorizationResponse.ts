import { AuthorizationResponseError, validateAuthResponse } from 'oauth4webapi'
import { type CallbackParams, callbackParams } from '../callback.js'
import { DoorwayError, providerError } from '../errors.js'
import type { Transaction } from '../transactionStore.js'

// Stands in for the issuer when none is configured: any `iss` then differs from it.
const noIssuer = 'urn:doorway:no-issuer-configured'

const issHint =
  'The authorization response came from an unexpected issuer. Check the provider URLs and its configured issuer.'

/**
 * Checks an authorization response against the transaction it redeems, with oauth4webapi's
 * `validateAuthResponse`, before anything is sent:
 * - `iss` ([RFC 9207 §2.4](https://www.rfc-editor.org/rfc/rfc9207#section-2.4)): when the
 *   transaction expects an issuer, `iss` must be present and equal to it; when it expects
 *   none, an `iss` cannot be checked and is refused. Either way → `iss_mismatch`.
 * - `state` equal to the transaction's (the callback mechanism checked it already) →
 *   else `state_mismatch`.
 * - an error response ([RFC 6749 §4.1.2.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1))
 *   → a {@link DoorwayError} with the provider's `error`, `error_description` and `error_uri`.
 * @throws {DoorwayError}
 */
export function validateAuthorizationResponse(callback: CallbackParams, tx: Transaction): void {
  const parameters = new URLSearchParams()
  for (const key of callbackParams) {
    const value = callback[key]
    if (value !== undefined) parameters.set(key, value)
  }
  try {
    validateAuthResponse(
      {
        issuer: tx.issuer ?? noIssuer,
        authorization_response_iss_parameter_supported: tx.issuer !== undefined,
      },
      { client_id: tx.flow },
      parameters,
      tx.state,
    )
  } catch (cause) {
    if (cause instanceof AuthorizationResponseError) {
      throw providerError(cause.error, { ...callback, cause })
    }
    const { message } = cause as Error
    if (message.includes('"iss"')) {
      throw new DoorwayError('iss_mismatch', issHint, { cause, hint: issHint })
    }
    throw new DoorwayError(
      message.includes('"state"') ? 'state_mismatch' : 'invalid_callback',
      message,
      {
        cause,
      },
    )
  }
}
