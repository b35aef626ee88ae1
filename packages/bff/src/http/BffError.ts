import { type DoorwayErrorCode, errorHints } from '@doorway/core'
import type { ProblemDetails } from '@doorway/core/wire'

/**
 * The codes the BFF answers with: core's one closed {@link DoorwayErrorCode} set, which
 * browser and BFF share (`code.test.ts` fails on a code raised outside it).
 */
export type BffErrorCode = DoorwayErrorCode

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

/**
 * The remedies the BFF sends: `@doorway/core`'s one table, with the server's meaning of
 * `state_mismatch` (a state this BFF did not bind to the session, not a tab's transaction).
 */
export const bffErrorHints: Readonly<Partial<Record<BffErrorCode, string>>> = {
  ...errorHints,
  state_mismatch:
    'The state does not match a connection this BFF started for this user (unknown, expired or already used). Start again.',
}

const statusTitles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/** The problem document for `error`. */
export function problemDetails(error: BffError): ProblemDetails {
  const problem: ProblemDetails = {
    type: `urn:doorway:problem:${error.code}`,
    title: statusTitles[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.message,
  }
  const hint = error.hint ?? bffErrorHints[error.code]
  if (hint !== undefined) problem.hint = hint
  if (error.error !== undefined) problem.error = error.error
  if (error.error_description !== undefined) problem.error_description = error.error_description
  return problem
}

/**
 * `error` as an `application/problem+json` response, with `Retry-After` when the error
 * carries a wait (`retryAfter`: an upstream 503 that asked for one), so the browser learns
 * when to try again.
 */
export function problemResponse(error: BffError, headers?: HeadersInit): Response {
  const response = new Response(JSON.stringify(problemDetails(error)), {
    status: error.status,
    headers,
  })
  response.headers.set('content-type', 'application/problem+json')
  if (error.retryAfter !== undefined) {
    response.headers.set('retry-after', String(error.retryAfter))
  }
  return response
}
