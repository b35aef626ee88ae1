import type { MiddlewareHandler } from 'hono'
import { BffError } from './BffError.js'

/** The header every state-changing and proxy request must carry, with the value `1`. */
export const CSRF_HEADER = 'x-doorway-csrf'

export interface RequestGuardOptions {
  allowedOrigins: ReadonlySet<string>
  /** Path prefixes whose requests need the CSRF header whatever their method (proxies). */
  csrfPrefixes: readonly string[]
  maxBodyBytes: number
}

/**
 * Cross-site request defences for every route (SECURITY 15): a present `Origin` must be
 * allowed and `Sec-Fetch-Site` must not be `cross-site` (403 `forbidden_origin`); requests
 * other than GET/HEAD, and every proxy request, need `x-doorway-csrf: 1` (403
 * `csrf_rejected`), which a cross-site form or simple request cannot set. A declared body
 * over the limit is refused here, before any handler reads it.
 */
export function requestGuard(options: RequestGuardOptions): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin !== undefined && !options.allowedOrigins.has(origin)) {
      throw new BffError('forbidden_origin', `Requests from origin ${origin} are not allowed.`)
    }
    if (c.req.header('sec-fetch-site')?.toLowerCase() === 'cross-site') {
      throw new BffError('forbidden_origin', 'Cross-site requests are not allowed.')
    }
    const safeMethod = c.req.method === 'GET' || c.req.method === 'HEAD'
    // The router's (percent-decoded) path, so `/rhombus/%61pi` cannot dodge the proxy rule.
    const path = c.req.path
    const csrfRequired =
      !safeMethod || options.csrfPrefixes.some((prefix) => path.startsWith(prefix))
    if (csrfRequired && c.req.header(CSRF_HEADER) !== '1') {
      throw new BffError('csrf_rejected', `This request must carry the header ${CSRF_HEADER}: 1.`)
    }
    const length = Number(c.req.header('content-length') ?? 0)
    if (length > options.maxBodyBytes) {
      throw new BffError(
        'payload_too_large',
        `The body is larger than ${options.maxBodyBytes} bytes.`,
      )
    }
    await next()
  }
}
