import type { Env, Handler, Hono } from 'hono'
import { BffError } from './BffError.js'
import { problemResponse } from './problemResponse.js'

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
