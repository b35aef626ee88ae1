import type { BffErrorCode } from './BffErrorCode.js'

const defaultStatus: Partial<Record<BffErrorCode, number>> = {
  bad_request: 400,
  invalid_return_to: 400,
  state_mismatch: 400,
  iss_mismatch: 400,
  invalid_request: 400,
  invalid_grant: 400,
  invalid_scope: 400,
  redirect_uri_mismatch: 400,
  code_expired: 400,
  pkce_mismatch: 400,
  unauthenticated: 401,
  session_expired: 401,
  envoy_disconnected: 401,
  access_denied: 403,
  forbidden: 403,
  csrf_rejected: 403,
  forbidden_origin: 403,
  partner_not_supported: 403,
  not_found: 404,
  method_not_allowed: 405,
  already_connected: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_configured: 501,
  not_supported: 501,
  temporarily_unavailable: 503,
  timeout: 504,
}

/** What a provider said, kept as sent (RFC 6749 §5.2), plus the usual `Error` cause. */
export interface BffErrorOptions {
  /** HTTP status for the problem response; defaults by `code` (502 for upstream trouble). */
  status?: number
  cause?: unknown
  error?: string
  error_description?: string
  /** Overrides the remedy from `errorHints`. */
  hint?: string
  /**
   * Seconds until the client may try again, as the provider asked (its `Retry-After`);
   * the problem response carries it as `Retry-After` (RFC 9110 §10.2.3).
   */
  retryAfter?: number
}

/**
 * The one error type of the BFF. `code` is stable and becomes the RFC 9457 problem's
 * `code`; `message` becomes its `detail`. Provider fields stay snake_case.
 */
export class BffError extends Error {
  override readonly name = 'BffError'
  readonly code: BffErrorCode
  readonly status: number
  readonly error: string | undefined
  readonly error_description: string | undefined
  readonly hint: string | undefined
  /** Seconds to wait before trying again (see {@link BffErrorOptions.retryAfter}). */
  readonly retryAfter: number | undefined

  constructor(code: BffErrorCode, detail: string, options: BffErrorOptions = {}) {
    super(detail, { cause: options.cause })
    this.code = code
    this.status = options.status ?? defaultStatus[code] ?? 502
    this.error = options.error
    this.error_description = options.error_description
    this.hint = options.hint
    this.retryAfter = options.retryAfter
  }
}
