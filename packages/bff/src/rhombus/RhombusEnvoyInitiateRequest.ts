import { DoorwayError, safeReturnTo } from '@doorway/core'
import { randomToken } from '../crypto/randomToken.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject } from '../http/parseBodyObject.js'

/** The body of `POST /envoy/rhombus/initiate`. */
export interface RhombusEnvoyInitiateRequest {
  /** Same-origin path of the app to come back to once Envoy is connected, e.g. `/settings`. */
  returnTo: string
  /** `initiateEnvoyOAuth`'s `param`; default a fresh random value. */
  param?: string
}

/** A checked initiate request: the absolute URL to come back to, and the `param`. */
export interface ParsedRhombusEnvoyInitiate {
  requestUrl: string
  param: string
}

/**
 * Checks `body` against {@link RhombusEnvoyInitiateRequest}: `returnTo` must be a
 * same-origin path (absolute URLs, `//host`, backslashes, encoded slashes and schemes are
 * 400 `invalid_return_to`); it is resolved against `appOrigin` into `requestUrl`.
 */
export function parseRhombusEnvoyInitiateRequest(
  body: unknown,
  appOrigin: string,
): ParsedRhombusEnvoyInitiate {
  const fields = parseBodyObject(body)
  const returnTo = fields.string('returnTo', { maxLength: 2048 })
  let path: string
  try {
    path = safeReturnTo(returnTo, appOrigin)
  } catch (cause) {
    if (!(cause instanceof DoorwayError)) throw cause
    throw new BffError(
      'invalid_return_to',
      '"returnTo" must be a same-origin path such as "/settings".',
      { cause },
    )
  }
  const param = fields.optionalString('param', { maxLength: 256 }) ?? randomToken()
  return { requestUrl: new URL(path, appOrigin).href, param }
}
