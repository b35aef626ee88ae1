import type { Env, Handler, Hono, MiddlewareHandler } from 'hono'
import { BffError, problemResponse } from './BffError.js'

/** The header every state-changing and proxy request must carry, with the value `1`. */
export const CSRF_HEADER = 'x-doorway-csrf'

export interface RequestGuardOptions {
  allowedOrigins: ReadonlySet<string>
  maxBodyBytes: number
}

const csrfRejected = () =>
  new BffError('csrf_rejected', `This request must carry the header ${CSRF_HEADER}: 1.`)

/**
 * Cross-site request defences for every route (SECURITY 15): a present `Origin` must be
 * allowed and `Sec-Fetch-Site` must not be `cross-site` (403 `forbidden_origin`); requests
 * other than GET/HEAD need `x-doorway-csrf: 1` (403 `csrf_rejected`), which a cross-site
 * form or simple request cannot set. A declared body over the limit is refused here, before
 * any handler reads it. Areas whose reads are user data too (proxies, connections, API keys)
 * add {@link csrfHeaderRequired} where they are mounted.
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
    if (!safeMethod && c.req.header(CSRF_HEADER) !== '1') throw csrfRejected()
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

/** Every method, reads included, must carry `x-doorway-csrf: 1` (403 `csrf_rejected`). */
export const csrfHeaderRequired: MiddlewareHandler = async (c, next) => {
  if (c.req.header(CSRF_HEADER) !== '1') throw csrfRejected()
  await next()
}

/** A method a BFF route answers. */
export type BffMethod = 'GET' | 'POST' | 'DELETE'

/**
 * Routes `methods` of `path` on `app` to `handler`, and every other method of it to 405
 * `method_not_allowed` with an `Allow` header (HEAD goes with GET).
 */
export function serve<E extends Env>(
  app: Hono<E>,
  path: string,
  methods: readonly BffMethod[],
  handler: Handler<E>,
): void {
  app.on([...methods], path, handler)
  const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods
  app.all(path, (c) =>
    problemResponse(
      new BffError(
        'method_not_allowed',
        `${c.req.method} is not allowed here; use ${allow.join(' or ')}.`,
      ),
      { allow: allow.join(', ') },
    ),
  )
}
