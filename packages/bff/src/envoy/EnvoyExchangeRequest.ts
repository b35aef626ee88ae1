import { parseBodyObject } from '../http/parseBodyObject.js'

/** The body of `POST /auth/envoy/exchange`: what came back on Envoy's callback. */
export interface EnvoyExchangeRequest {
  code: string
  /** Must equal the configured Envoy redirect URI exactly. */
  redirectUri: string
  /**
   * The state the browser sent and has already checked. When given, and Envoy's token
   * response echoes a non-null `state`, the two must be equal.
   */
  state?: string
}

/** Checks `body` against {@link EnvoyExchangeRequest}; 400 `bad_request` naming the field otherwise. */
export function parseEnvoyExchangeRequest(body: unknown): EnvoyExchangeRequest {
  const fields = parseBodyObject(body)
  const request: EnvoyExchangeRequest = {
    code: fields.string('code', { maxLength: 2048 }),
    redirectUri: fields.string('redirectUri', { maxLength: 2048 }),
  }
  const state = fields.optionalString('state', { maxLength: 2048 })
  if (state !== undefined) request.state = state
  return request
}
