import { Hono } from 'hono'
import type { BffEnv, BffServices } from './BffServices.js'
import type { BffConfig } from './config/BffConfig.js'
import { configRoute } from './config/configRoute.js'
import { resolveBffConfig } from './config/resolveBffConfig.js'
import { createEnvoyRefresher } from './envoy/createEnvoyRefresher.js'
import { envoyRoutes } from './envoy/envoyRoutes.js'
import { BffError, problemResponse } from './http/BffError.js'
import { callUpstream } from './http/callUpstream.js'
import { csrfHeaderRequired, requestGuard, serve } from './http/requestGuard.js'
import { providerRoutes } from './providers/providerRoutes.js'
import { createRhombusUser } from './rhombus/createRhombusUser.js'
import { rhombusRoutes } from './rhombus/rhombusRoutes.js'
import { refreshRhombusTokens } from './rhombus/rhombusTokenEndpoint.js'
import { createSessionManager } from './session/createSessionManager.js'
import { sessionMiddleware } from './session/Session.js'
import { sessionRoutes } from './session/sessionRoutes.js'
import { createTokenKeeper } from './tokens/createTokenKeeper.js'

/** The BFF: a Hono app, so `app.fetch(request)` is a web-standard handler. */
export type DoorwayBff = Hono<BffEnv>

/**
 * Builds the BFF for `config` (see `docs/architecture.md`, "The BFF's HTTP contract"), one
 * sub-app per area: `GET /config`; sessions (`GET /session`, `POST /auth/rhombus/exchange`,
 * `POST /auth/signout` with `{everywhere?}`; a session is a record in the store, its cookie
 * seals only its id); `GET|POST /rhombus/api/*`, `GET|POST /rhombus/api-keys` and
 * `DELETE /rhombus/api-keys/:id` (long-lived Rhombus API keys, kept on the server); the
 * provider connection routes for Envoy and each of `oauthProviders`
 * (`POST /auth/:provider/state`, `POST /auth/:provider/exchange`,
 * `GET /connections/:provider`, `POST /connections/:provider/disconnect`), and the other
 * Envoy routes (`GET /envoy/connection`, `POST /envoy/disconnect`,
 * `POST /envoy/rhombus/initiate`, `POST /envoy/versori/initialise`,
 * `POST /envoy/versori/complete`, `GET /envoy/api/*`) under `basePath`. Mount `app.fetch` in
 * Node (`@doorway/bff/node`), Express, a Next.js route handler or an edge runtime.
 * Throws `BffConfigError` when the configuration is unusable.
 */
export function createDoorwayBff(config: BffConfig): DoorwayBff {
  const resolved = resolveBffConfig(config)
  const log = resolved.logger
  const upstream = callUpstream({
    fetch: resolved.fetch,
    timeoutMs: resolved.upstreamTimeoutMs,
    maxBytes: resolved.maxUpstreamBytes,
    logger: log,
  })
  const keeper = createTokenKeeper({ logger: log })
  const rhombus = resolved.rhombus
  const sessions = createSessionManager({
    ...resolved,
    keeper,
    refresh:
      rhombus?.protocol === 'oauth2'
        ? (refreshToken) => refreshRhombusTokens(rhombus, refreshToken, upstream)
        : undefined,
  })
  const services: BffServices = {
    config: resolved,
    sessions,
    callUpstream: upstream,
    rhombusUser: createRhombusUser({ rhombus, sessions, callUpstream: upstream }),
    envoyRefresher:
      resolved.envoy &&
      createEnvoyRefresher({
        envoy: resolved.envoy,
        store: resolved.store,
        callUpstream: upstream,
        keeper,
      }),
  }
  const base = resolved.basePath

  const app = new Hono<BffEnv>().basePath(base || '/')

  app.onError((error, c) => {
    if (error instanceof BffError) {
      const level = error.status >= 500 ? 'warn' : 'debug'
      log[level]('problem', {
        method: c.req.method,
        path: c.req.path,
        problem: error.code,
        status: error.status,
        // The problem's own words (never a token: the logger redacts, and messages name no secret).
        detail: error.message,
        ...(error.error !== undefined && { error: error.error }),
      })
      const problem = problemResponse(error)
      // A cookie set before the error (e.g. an expired session cleared) still reaches the browser.
      for (const cookie of c.res.headers.getSetCookie())
        problem.headers.append('set-cookie', cookie)
      return problem
    }
    log.error('unexpected error', { method: c.req.method, path: c.req.path, error })
    return problemResponse(
      new BffError('server_error', 'The BFF failed unexpectedly.', { status: 500 }),
    )
  })
  app.notFound((c) => problemResponse(notFound(c.req.method, c.req.path, base)))

  app.use('*', async (c, next) => {
    const started = Date.now()
    await next()
    c.res.headers.set('cache-control', 'no-store')
    c.res.headers.set('x-content-type-options', 'nosniff')
    log.debug('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    })
  })
  app.use(
    '*',
    requestGuard({ allowedOrigins: resolved.allowedOrigins, maxBodyBytes: resolved.maxBodyBytes }),
  )
  app.use('*', sessionMiddleware(sessions))

  // One sub-app per area. Areas whose reads are user data too (proxies, connections, API
  // keys) need the CSRF header on every method, declared here where they are mounted.
  serve(app, '/config', ['GET'], configRoute(services))
  app.route('/', sessionRoutes(services))
  app.use('/connections/*', csrfHeaderRequired)
  app.route('/', providerRoutes(services))
  app.use('/rhombus/*', csrfHeaderRequired)
  app.route('/rhombus', rhombusRoutes(services, base))
  app.use('/envoy/*', csrfHeaderRequired)
  app.route('/envoy', envoyRoutes(services, base))

  // Hono's router looks methods up in plain objects, so a method named like an
  // Object.prototype member (`toString`, `__proto__`) throws out of `app.fetch` before any
  // handler runs. Node's HTTP parser never passes one; other runtimes may: answer 405.
  const route = app.fetch
  app.fetch = (request, ...rest) =>
    request.method in Object.prototype
      ? problemResponse(
          new BffError('method_not_allowed', `${request.method} is not a method the BFF serves.`),
          { allow: 'GET, HEAD, POST, DELETE', 'cache-control': 'no-store' },
        )
      : route(request, ...rest)
  return app
}

/**
 * The 404 of a path no route answers, naming the base path: outside it, the BFF is mounted
 * somewhere its `basePath` does not say (the usual cause); inside it, no such route.
 */
function notFound(method: string, path: string, base: string): BffError {
  const shown = base || '/'
  if (base !== '' && path !== base && !path.startsWith(`${base}/`)) {
    return new BffError(
      'not_found',
      `No route for ${method} ${path}: the BFF's routes are under its base path ${shown} (e.g. ${base}/session). Mount it at ${shown}, or set basePath to where it is mounted (and the same baseUrl on DoorwayProvider).`,
    )
  }
  return new BffError(
    'not_found',
    `No route for ${method} ${path} under the BFF's base path ${shown}; its routes are /config, /session, /auth/..., /rhombus/..., /envoy/... and /connections/... (see docs/architecture.md).`,
  )
}
