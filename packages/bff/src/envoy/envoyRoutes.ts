import { Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { serve } from '../http/serve.js'
import { envoyApiProxyRoute } from '../proxy/envoyApiProxyRoute.js'
import { rhombusEnvoyInitiateRoute } from '../rhombus/rhombusEnvoyInitiateRoute.js'
import { rhombusEnvoyLocationsRoute } from '../rhombus/rhombusEnvoyLocationsRoute.js'
import { versoriCompleteRoute } from '../versori/versoriCompleteRoute.js'
import { versoriInitialiseRoute } from '../versori/versoriInitialiseRoute.js'
import { envoyConnectionRoute } from './envoyConnectionRoute.js'
import { envoyDisconnectRoute } from './envoyDisconnectRoute.js'

/**
 * The Envoy area (mounted at `/envoy`): the connection in each of the three ways
 * (`GET /connection`, `POST /disconnect`), Rhombus's own integration
 * (`POST /rhombus/initiate`, `GET /rhombus/locations`), Versori (`POST /versori/initialise`, `POST /versori/complete`)
 * and the proxy to Envoy's API for direct connections (`GET /api/*`). The direct code
 * exchange is a provider route (`POST /auth/envoy/exchange`).
 */
export function envoyRoutes(services: BffServices, basePath: string): Hono<BffEnv> {
  const app = new Hono<BffEnv>()
  serve(app, '/connection', ['GET'], envoyConnectionRoute(services))
  serve(app, '/disconnect', ['POST'], envoyDisconnectRoute(services))
  serve(app, '/rhombus/initiate', ['POST'], rhombusEnvoyInitiateRoute(services))
  serve(app, '/rhombus/locations', ['GET'], rhombusEnvoyLocationsRoute(services))
  serve(app, '/versori/initialise', ['POST'], versoriInitialiseRoute(services))
  serve(app, '/versori/complete', ['POST'], versoriCompleteRoute(services))
  serve(app, '/api/*', ['GET'], envoyApiProxyRoute(services, `${basePath}/envoy/api`))
  return app
}
