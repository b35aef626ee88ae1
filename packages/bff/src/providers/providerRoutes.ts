import type { BindStateRequest } from '@doorway/core'
import { Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { Unchecked } from '../http/parseBodyObject.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { serve } from '../http/serve.js'
import { oauthPendingStates } from '../oauth/pendingStates.js'
import { requireSession } from '../session/requireSession.js'
import { connectionDisconnectRoute } from './connectionDisconnectRoute.js'
import { connectionStatusRoute } from './connectionStatusRoute.js'
import { findOAuthProvider } from './findOAuthProvider.js'
import { oauthExchangeRoute } from './oauthExchangeRoute.js'

/** What a registered state looks like: base64url of at least 128 random bits, bounded. */
const statePattern = /^[A-Za-z0-9_-]{22,256}$/

/**
 * The provider-connection area, for Envoy (direct) and every `oauthProviders` entry:
 * - `POST /auth/:provider/state` {@link BindStateRequest} → 204: binds the attempt's `state` to this
 *   session on the server before the browser leaves for the provider (SECURITY 26);
 * - `POST /auth/:provider/exchange` (see {@link oauthExchangeRoute});
 * - `GET /connections/:provider`, `POST /connections/:provider/disconnect`.
 */
export function providerRoutes(services: BffServices): Hono<BffEnv> {
  const { config } = services
  const app = new Hono<BffEnv>()
  serve(app, '/auth/:provider/state', ['POST'], async (c) => {
    const lookup = findOAuthProvider(config, c)
    const session = requireSession(c, `connecting ${lookup.name}`)
    lookup.require()
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const state =
      typeof value === 'object' && value !== null
        ? (value as Unchecked<BindStateRequest>).state
        : undefined
    if (typeof state !== 'string' || !statePattern.test(state)) {
      throw new BffError(
        'bad_request',
        '"state" must be the attempt\'s state: 22 to 256 base64url characters (at least 128 random bits).',
      )
    }
    await oauthPendingStates.remember(config.store, state, session.id)
    return c.body(null, 204)
  })
  serve(app, '/auth/:provider/exchange', ['POST'], oauthExchangeRoute(services))
  serve(app, '/connections/:provider', ['GET'], connectionStatusRoute(services))
  serve(app, '/connections/:provider/disconnect', ['POST'], connectionDisconnectRoute(services))
  return app
}
