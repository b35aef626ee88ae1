import type { RhombusPartnerClientList } from '@doorway/core/wire'
import { type Handler, Hono } from 'hono'
import { rhombusApiKeyRoutes } from '../apiKeys/rhombusApiKeyRoutes.js'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { serve } from '../http/requestGuard.js'
import { rhombusApiProxyRoute } from '../proxy/rhombusApiProxyRoute.js'
import { requireSession } from '../session/Session.js'
import {
  partnerClientsRequest,
  processPartnerClientsResponse,
  requireRhombus,
} from './rhombusApi.js'

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

/**
 * `GET /rhombus/partner/clients` → `RhombusPartnerClientList` (core's wire shape): the signed-in
 * partner's client orgs from `getClientsV2`, with the session's token (refreshed as every
 * user call). A session that is not a partner's is 403 `forbidden` before any call. To act
 * for a client, the browser sends its `clientOrgUuid` as `x-auth-org` through the proxy.
 */
export function rhombusPartnerClientsRoute({ config, rhombusUser }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'listing client orgs')
    const rhombus = requireRhombus(config.rhombus)
    if (!session.isPartner) {
      throw new BffError(
        'forbidden',
        'Only a Rhombus partner account has client organisations; this session is a standard account.',
      )
    }
    const { response } = await rhombusUser.call(session, (current) =>
      partnerClientsRequest(rhombus.apiUrl, current.accessToken),
    )
    const clients = processPartnerClientsResponse(response)
    return c.json({ clients } satisfies RhombusPartnerClientList)
  }
}
