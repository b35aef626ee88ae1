import type { ProblemDetails } from '@doorway/core'
import type { BffError } from './BffError.js'
import { bffErrorHints } from './bffErrorHints.js'

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
