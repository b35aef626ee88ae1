import { type Handler, Hono } from 'hono'
import { rhombusApiKeyRoutes } from './apiKeys/rhombusApiKeyRoutes.js'
import type { BffServices } from './BffServices.js'
import type { BffConfig } from './config/BffConfig.js'
import { configRoute } from './config/configRoute.js'
import { resolveBffConfig } from './config/resolveBffConfig.js'
import { createEnvoyRefresher } from './envoy/createEnvoyRefresher.js'
import { envoyConnectionRoute } from './envoy/envoyConnectionRoute.js'
import { envoyDisconnectRoute } from './envoy/envoyDisconnectRoute.js'
import { BffError } from './http/BffError.js'
import { callUpstream } from './http/callUpstream.js'
import { problemResponse } from './http/problemResponse.js'
import { requestGuard } from './http/requestGuard.js'
import { connectionDisconnectRoute } from './providers/connectionDisconnectRoute.js'
import { connectionStatusRoute } from './providers/connectionStatusRoute.js'
import { oauthExchangeRoute } from './providers/oauthExchangeRoute.js'
import { envoyApiProxyRoute } from './proxy/envoyApiProxyRoute.js'
import { rhombusApiProxyRoute } from './proxy/rhombusApiProxyRoute.js'
import { rhombusEnvoyInitiateRoute } from './rhombus/rhombusEnvoyInitiateRoute.js'
import { rhombusExchangeRoute } from './rhombus/rhombusExchangeRoute.js'
import { createSessionManager } from './session/createSessionManager.js'
import { sessionRoute } from './session/sessionRoute.js'
import { signOutRoute } from './session/signOutRoute.js'
import { versoriCompleteRoute } from './versori/versoriCompleteRoute.js'
import { versoriInitialiseRoute } from './versori/versoriInitialiseRoute.js'

/** The BFF: a Hono app, so `app.fetch(request)` is a web-standard handler. */
export type DoorwayBff = Hono

/**
 * Builds the BFF for `config` (see `docs/architecture.md`, "The BFF's HTTP contract"):
 * `GET /config`, `GET /session`, `POST /auth/rhombus/exchange`, `POST /auth/signout`,
 * `GET|POST /rhombus/api/*`, `GET|POST /rhombus/api-keys` and `DELETE /rhombus/api-keys/:id`
 * (long-lived Rhombus API keys, kept on the server), the provider connection routes for
 * Envoy and each of `oauthProviders` (`POST /auth/:provider/exchange`,
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
    maxBytes: resolved.maxBodyBytes,
    logger: log,
  })
  const services: BffServices = {
    config: resolved,
    sessions: createSessionManager(resolved),
    callUpstream: upstream,
    envoyRefresher:
      resolved.envoy &&
      createEnvoyRefresher({
        envoy: resolved.envoy,
        store: resolved.store,
        callUpstream: upstream,
        logger: log,
      }),
  }
  const rhombusApi = `${resolved.basePath}/rhombus/api`
  const envoyApi = `${resolved.basePath}/envoy/api`
  const apiKeys = rhombusApiKeyRoutes(services)
  const routes: readonly {
    path: string
    methods: readonly ('GET' | 'POST' | 'DELETE')[]
    handler: Handler
  }[] = [
    { path: '/config', methods: ['GET'], handler: configRoute(services) },
    { path: '/session', methods: ['GET'], handler: sessionRoute(services) },
    { path: '/auth/rhombus/exchange', methods: ['POST'], handler: rhombusExchangeRoute(services) },
    // Every other provider, Envoy included (after the Rhombus route, which wins for `rhombus`).
    { path: '/auth/:provider/exchange', methods: ['POST'], handler: oauthExchangeRoute(services) },
    {
      path: '/connections/:provider',
      methods: ['GET'],
      handler: connectionStatusRoute(services),
    },
    {
      path: '/connections/:provider/disconnect',
      methods: ['POST'],
      handler: connectionDisconnectRoute(services),
    },
    { path: '/auth/signout', methods: ['POST'], handler: signOutRoute(services) },
    {
      path: '/rhombus/api/*',
      methods: ['GET', 'POST'],
      handler: rhombusApiProxyRoute(services, rhombusApi),
    },
    { path: '/rhombus/api-keys', methods: ['GET', 'POST'], handler: apiKeys.keys },
    { path: '/rhombus/api-keys/:id', methods: ['DELETE'], handler: apiKeys.key },
    { path: '/envoy/connection', methods: ['GET'], handler: envoyConnectionRoute(services) },
    { path: '/envoy/disconnect', methods: ['POST'], handler: envoyDisconnectRoute(services) },
    {
      path: '/envoy/rhombus/initiate',
      methods: ['POST'],
      handler: rhombusEnvoyInitiateRoute(services),
    },
    {
      path: '/envoy/versori/initialise',
      methods: ['POST'],
      handler: versoriInitialiseRoute(services),
    },
    { path: '/envoy/versori/complete', methods: ['POST'], handler: versoriCompleteRoute(services) },
    { path: '/envoy/api/*', methods: ['GET'], handler: envoyApiProxyRoute(services, envoyApi) },
  ]

  const app = new Hono().basePath(resolved.basePath || '/')

  app.onError((error, c) => {
    if (error instanceof BffError) {
      const level = error.status >= 500 ? 'warn' : 'debug'
      log[level]('problem', {
        method: c.req.method,
        path: c.req.path,
        problem: error.code,
        status: error.status,
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
  app.notFound((c) =>
    problemResponse(new BffError('not_found', `No route for ${c.req.method} ${c.req.path}.`)),
  )

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
    requestGuard({
      allowedOrigins: resolved.allowedOrigins,
      // Proxies, and every connection and API-key route (user data even on GET), need the
      // CSRF header. The API keys are named on their own: that they start like the proxy's
      // prefix is chance.
      csrfPrefixes: [
        rhombusApi,
        `${resolved.basePath}/rhombus/api-keys`,
        `${resolved.basePath}/envoy/`,
        `${resolved.basePath}/connections/`,
      ],
      maxBodyBytes: resolved.maxBodyBytes,
    }),
  )

  for (const route of routes) {
    app.on([...route.methods], route.path, route.handler)
    const allow = route.methods.includes('GET') ? [...route.methods, 'HEAD'] : route.methods
    app.all(route.path, (c) =>
      problemResponse(
        new BffError(
          'method_not_allowed',
          `${c.req.method} is not allowed here; use ${allow.join(' or ')}.`,
        ),
        {
          allow: allow.join(', '),
        },
      ),
    )
  }
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
