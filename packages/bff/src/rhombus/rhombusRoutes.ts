import { Hono } from 'hono'
import { rhombusApiKeyRoutes } from '../apiKeys/rhombusApiKeyRoutes.js'
import type { BffEnv, BffServices } from '../BffServices.js'
import { serve } from '../http/serve.js'
import { rhombusApiProxyRoute } from '../proxy/rhombusApiProxyRoute.js'
import { rhombusPartnerClientsRoute } from './rhombusPartnerClients.js'

/**
 * The Rhombus area (mounted at `/rhombus`): the API proxy (`GET|POST /api/*`), the minted
 * API keys (`/api-keys`, see {@link rhombusApiKeyRoutes}) and a partner's client orgs
 * (`GET /partner/clients`, see {@link rhombusPartnerClientsRoute}). Sign-in is in the session
 * area (`POST /auth/rhombus/exchange`).
 */
export function rhombusRoutes(services: BffServices, basePath: string): Hono<BffEnv> {
  const app = new Hono<BffEnv>()
  app.route('/api-keys', rhombusApiKeyRoutes(services))
  serve(app, '/partner/clients', ['GET'], rhombusPartnerClientsRoute(services))
  serve(app, '/api/*', ['GET', 'POST'], rhombusApiProxyRoute(services, `${basePath}/rhombus/api`))
  return app
}
