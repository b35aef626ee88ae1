import { Hono } from 'hono'
import { rhombusApiKeyRoutes } from '../apiKeys/rhombusApiKeyRoutes.js'
import type { BffEnv, BffServices } from '../BffServices.js'
import { serve } from '../http/serve.js'
import { rhombusApiProxyRoute } from '../proxy/rhombusApiProxyRoute.js'

/**
 * The Rhombus area (mounted at `/rhombus`): the API proxy (`GET|POST /api/*`) and the
 * minted API keys (`/api-keys`, see {@link rhombusApiKeyRoutes}). Sign-in is in the session
 * area (`POST /auth/rhombus/exchange`).
 */
export function rhombusRoutes(services: BffServices, basePath: string): Hono<BffEnv> {
  const app = new Hono<BffEnv>()
  app.route('/api-keys', rhombusApiKeyRoutes(services))
  serve(app, '/api/*', ['GET', 'POST'], rhombusApiProxyRoute(services, `${basePath}/rhombus/api`))
  return app
}
