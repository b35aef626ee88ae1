import type { EnvoyConnection, EnvoyVia } from '@doorway/core'
import { type EnvoyDisconnectRequest, envoyVias } from '@doorway/core/wire'
import { type Handler, Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject, readJsonBody, type Unchecked } from '../http/readJsonBody.js'
import { serve } from '../http/requestGuard.js'
import { summarizeStoredConnection } from '../providers/oauthExchangeRoute.js'
import { envoyApiProxyRoute } from '../proxy/envoyApiProxyRoute.js'
import { requireRhombusApiKey } from '../rhombus/rhombusApi.js'
import {
  disconnectRhombusEnvoy,
  rhombusEnvoyConnection,
} from '../rhombus/rhombusEnvoyIntegration.js'
import { rhombusEnvoyRoutes } from '../rhombus/rhombusEnvoyRoutes.js'
import { requireSession } from '../session/Session.js'
import { disconnectVersori, requireVersori, versoriEnvoyConnection } from '../versori/versoriApi.js'
import { versoriRoutes } from '../versori/versoriRoutes.js'
import { envoyConnectionKey } from './createEnvoyRefresher.js'
import { requireEnvoy } from './envoyOAuthProvider.js'

/**
 * The Envoy area (mounted at `/envoy`): the connection in each of the three ways
 * (`GET /connection`, `POST /disconnect`, below), Rhombus's own integration
 * (`/rhombus/initiate`, `/rhombus/locations`: {@link rhombusEnvoyRoutes}), Versori
 * (`/versori/initialise`, `/versori/complete`: {@link versoriRoutes}) and the proxy to
 * Envoy's API for direct connections (`GET /api/*`, {@link envoyApiProxyRoute}). The
 * direct code exchange is a provider route (`POST /auth/envoy/exchange`), and its tokens
 * are kept fresh by `createEnvoyRefresher` (`envoy/createEnvoyRefresher.ts`).
 */
export function envoyRoutes(services: BffServices, basePath: string): Hono<BffEnv> {
  const app = new Hono<BffEnv>()
  serve(app, '/connection', ['GET'], envoyConnectionRoute(services))
  serve(app, '/disconnect', ['POST'], envoyDisconnectRoute(services))
  app.route('/rhombus', rhombusEnvoyRoutes(services))
  app.route('/versori', versoriRoutes(services))
  serve(app, '/api/*', ['GET'], envoyApiProxyRoute(services, `${basePath}/envoy/api`))
  return app
}

/**
 * `GET /envoy/connection?via=direct|rhombus|versori` → `EnvoyConnection`, never a token:
 * `direct` reads the credential store; `rhombus` asks Rhombus (`getEnvoyIntegration`, with
 * the API key: connected when installed and its token valid, Rhombus's `warningMsg` as
 * `warning`; only for users of the key's organisation, else 403 `forbidden`); `versori`
 * lists the user's connections at Versori (for users of the API key's organisation, when
 * one is configured).
 */
export function envoyConnectionRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'reading the Envoy connection')
    const query = new URL(c.req.url).searchParams
    if (query.getAll('via').length > 1) {
      throw new BffError('bad_request', '"via" must be given once.')
    }
    const via = parseEnvoyVia(query.get('via') ?? undefined)
    let connection: EnvoyConnection
    if (via === 'direct') {
      requireEnvoy(config.envoy)
      connection = summarizeStoredConnection(
        await config.store.getConnection(envoyConnectionKey(session.userId)),
      )
    } else if (via === 'rhombus') {
      const rhombus = requireRhombusApiKey(config.rhombus)
      await rhombusUser.requireKeyOrg(session)
      connection = await rhombusEnvoyConnection(rhombus, callUpstream)
    } else {
      await rhombusUser.requireAppOrg(session)
      connection = await versoriEnvoyConnection(
        requireVersori(config.versori),
        session.userId,
        callUpstream,
      )
    }
    return c.json(connection satisfies EnvoyConnection)
  }
}

/**
 * `POST /envoy/disconnect` `{via}` → `EnvoyConnection` (`disconnected`): `direct` forgets
 * the tokens (deleted from the store; Envoy documents no revocation endpoint); `versori`
 * deletes the user's end user at Versori (`DELETE /hubs/{hub_id}/users/{user_id}`, which
 * removes every connection they hold in the hub); `rhombus` removes the API key's
 * organisation's integration with `deleteEnvoyIntegrationV2`, for a user of that
 * organisation with the configured permission (default: Rhombus `superAdmin`; else 403
 * `forbidden`, before any call to the integration).
 */
export function envoyDisconnectRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'disconnecting Envoy')
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    parseBodyObject(value)
    const via = parseEnvoyVia((value as Unchecked<EnvoyDisconnectRequest>).via)
    let connection: EnvoyConnection
    if (via === 'direct') {
      requireEnvoy(config.envoy)
      await config.store.deleteConnection(envoyConnectionKey(session.userId))
      connection = { status: 'disconnected', via }
    } else if (via === 'versori') {
      await rhombusUser.requireAppOrg(session)
      connection = await disconnectVersori(
        requireVersori(config.versori),
        session.userId,
        callUpstream,
      )
    } else {
      const rhombus = requireRhombusApiKey(config.rhombus)
      await rhombusUser.requireIntegrationAdmin(session)
      connection = await disconnectRhombusEnvoy(rhombus, callUpstream)
    }
    return c.json(connection satisfies EnvoyConnection)
  }
}

/** `value` as an {@link EnvoyVia}, or 400 `bad_request` naming the choices. */
export function parseEnvoyVia(value: unknown): EnvoyVia {
  if (typeof value === 'string' && (envoyVias as readonly string[]).includes(value)) {
    return value as EnvoyVia
  }
  throw new BffError('bad_request', `"via" must be one of ${envoyVias.join(', ')}.`)
}
