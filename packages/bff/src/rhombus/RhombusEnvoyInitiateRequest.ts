import { DoorwayError, type RhombusEnvoyInitiateRequest, safeReturnTo } from '@doorway/core'
import { randomToken } from '../crypto/randomToken.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject } from '../http/parseBodyObject.js'

/** A checked initiate request: the absolute URL to come back to, and the `param`. */
export interface ParsedRhombusEnvoyInitiate {
  requestUrl: string
  param: string
}

/**
 * Checks `body` (`POST /envoy/rhombus/initiate`) against {@link RhombusEnvoyInitiateRequest}: `returnTo` must be a
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
