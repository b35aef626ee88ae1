import type { StandardExchangeRequest } from '@doorway/core'
import { parseBodyObject } from '../http/parseBodyObject.js'

/**
 * A {@link StandardExchangeRequest} whose `state` may be missing: the exchange route answers
 * that with `state_mismatch`, after the checks that come first.
 */
export type ParsedOAuthExchange = Omit<StandardExchangeRequest, 'state'> & { state?: string }

/**
 * Checks `body` (`POST /auth/<provider>/exchange`) against {@link StandardExchangeRequest}'s
 * types (400 `bad_request` naming the field otherwise); whether `codeVerifier` belongs is
 * the provider's to say, whether `state` was bound the route's.
 */
export function parseOAuthExchangeRequest(body: unknown): ParsedOAuthExchange {
  const fields = parseBodyObject(body)
  const request: ParsedOAuthExchange = {
    code: fields.string('code', { maxLength: 2048 }),
    redirectUri: fields.string('redirectUri', { maxLength: 2048 }),
  }
  const codeVerifier = fields.optionalString('codeVerifier', { maxLength: 128 })
  if (codeVerifier !== undefined) request.codeVerifier = codeVerifier
  const state = fields.optionalString('state', { maxLength: 2048 })
  if (state !== undefined) request.state = state
  return request
}
