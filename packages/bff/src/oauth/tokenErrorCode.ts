import { oauthErrorCodes } from '@doorway/core'
import type { BffErrorCode } from '../http/BffErrorCode.js'

// RFC 6749's codes (§5.2, §4.1.2.1), which the BFF passes through by name.
const standardCodes = new Set<string>(oauthErrorCodes)

/**
 * The BFF code for a token endpoint's `error`
 * ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)): the same code for
 * the standard ones, `upstream_error` for anything else (the caller keeps `error` as sent).
 */
export function tokenErrorCode(error: string): BffErrorCode {
  return standardCodes.has(error) ? (error as BffErrorCode) : 'upstream_error'
}
