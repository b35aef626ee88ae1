import type { BffErrorCode } from '../http/BffErrorCode.js'

/** The error codes RFC 6749 §5.2 (and §4.1.2.1) define, which the BFF passes through by name. */
export const standardTokenErrorCodes: readonly BffErrorCode[] = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
]
const standardCodes = new Set<string>(standardTokenErrorCodes)

/**
 * The BFF code for a token endpoint's `error`
 * ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)): the same code for
 * the standard ones, `upstream_error` for anything else (the caller keeps `error` as sent).
 */
export function tokenErrorCode(error: string): BffErrorCode {
  return standardCodes.has(error) ? (error as BffErrorCode) : 'upstream_error'
}
