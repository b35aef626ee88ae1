import { parseBodyObject } from '../http/parseBodyObject.js'

/** The body of `POST /auth/<provider>/exchange`: what came back on the provider's callback. */
export interface OAuthExchangeRequest {
  code: string
  /** Required when the provider takes PKCE (RFC 7636 syntax), refused otherwise. */
  codeVerifier?: string
  /** Must equal the provider's configured redirect URI exactly. */
  redirectUri: string
  /**
   * The attempt's state, as registered with `POST /auth/<provider>/state`: the BFF takes it
   * (bound to the session, single use) before any token request. When the token response
   * echoes a string `state` (Envoy does), the two must be equal too.
   */
  state?: string
}

/**
 * Checks `body` against {@link OAuthExchangeRequest}'s types (400 `bad_request` naming the
 * field otherwise); whether `codeVerifier` belongs is the provider's to say.
 */
export function parseOAuthExchangeRequest(body: unknown): OAuthExchangeRequest {
  const fields = parseBodyObject(body)
  const request: OAuthExchangeRequest = {
    code: fields.string('code', { maxLength: 2048 }),
    redirectUri: fields.string('redirectUri', { maxLength: 2048 }),
  }
  const codeVerifier = fields.optionalString('codeVerifier', { maxLength: 128 })
  if (codeVerifier !== undefined) request.codeVerifier = codeVerifier
  const state = fields.optionalString('state', { maxLength: 2048 })
  if (state !== undefined) request.state = state
  return request
}
