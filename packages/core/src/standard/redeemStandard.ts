import type { BffClient } from '../bffClient.js'
import type { CallbackParams } from '../callback.js'
import { DoorwayError } from '../errors.js'
import type { Transaction } from '../transactionStore.js'
import type { ProviderConnection } from './ProviderConnection.js'
import { validateAuthorizationResponse } from './validateAuthorizationResponse.js'

/** The body of `POST {baseUrl}/auth/<provider>/exchange` for a standards-based provider. */
export interface StandardExchangeRequest {
  code: string
  /** With PKCE. */
  codeVerifier?: string
  /** Must equal the configured redirect URI exactly. */
  redirectUri: string
  /**
   * The transaction's state, always: the one this tab bound to the session (`bindState`),
   * sent to the provider and checked; the BFF redeems no code without a state it bound.
   */
  state: string
}

/**
 * Finishes a callback of a standards-based provider (`standardFlow`): validates the authorization response
 * (`iss`, `state`, errors; see {@link validateAuthorizationResponse}) before any network
 * call, then sends the code once to the BFF's `POST /auth/<provider>/exchange` and resolves
 * with its answer. The BFF adds the client secret and keeps the tokens.
 */
export async function redeemStandard(
  callback: CallbackParams,
  tx: Transaction,
  bff: Pick<BffClient, 'request'>,
): Promise<ProviderConnection> {
  validateAuthorizationResponse(callback, tx)
  if (!callback.code) throw new DoorwayError('invalid_callback')
  const body: StandardExchangeRequest = {
    code: callback.code,
    codeVerifier: tx.codeVerifier,
    redirectUri: tx.redirectUri!,
    state: tx.state,
  }
  return bff.request('POST', `/auth/${tx.flow}/exchange`, body)
}
