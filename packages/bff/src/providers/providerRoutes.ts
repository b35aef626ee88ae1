import type { ProviderConnection } from '@doorway/core'
import type { ProviderStateRequest } from '@doorway/core/wire'
import { type Handler, Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody, type Unchecked } from '../http/readJsonBody.js'
import { serve } from '../http/requestGuard.js'
import { oauthPendingStates } from '../oauth/pendingStates.js'
import { requireSession } from '../session/Session.js'
import { oauthExchangeRoute, summarizeStoredConnection } from './oauthExchangeRoute.js'
import { findOAuthProvider } from './ResolvedOAuthProvider.js'

/** What a registered state looks like: base64url of at least 128 random bits, bounded. */
const statePattern = /^[A-Za-z0-9_-]{22,256}$/

/**
 * The provider-connection area, for Envoy (direct) and every `oauthProviders` entry:
 * - `POST /auth/:provider/state` {@link ProviderStateRequest} → 204: binds the attempt's `state` to this
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
        ? (value as Unchecked<ProviderStateRequest>).state
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

/**
 * `GET /connections/:provider` → `ProviderConnection` of the signed-in user's stored
 * connection (the credential store as it is: no refresh, no upstream call, never a token).
 * For `envoy` it is `GET /envoy/connection?via=direct`.
 */
export function connectionStatusRoute({ config }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const lookup = findOAuthProvider(config, c)
    const session = requireSession(c, `reading the ${lookup.name} connection`)
    const provider = lookup.require()
    const stored = await config.store.getConnection({
      userId: session.userId,
      provider: provider.id,
    })
    return c.json(summarizeStoredConnection(stored) satisfies ProviderConnection)
  }
}

/**
 * `POST /connections/:provider/disconnect` (no body) → `ProviderConnection`
 * (`disconnected`): forgets the signed-in user's tokens for the provider (deleted from the
 * store; no revocation request is sent). For `envoy` it is `POST /envoy/disconnect`
 * `{via: 'direct'}`.
 */
export function connectionDisconnectRoute({ config }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const lookup = findOAuthProvider(config, c)
    const session = requireSession(c, `disconnecting ${lookup.name}`)
    const provider = lookup.require()
    await config.store.deleteConnection({ userId: session.userId, provider: provider.id })
    return c.json({ status: 'disconnected', via: 'direct' } satisfies ProviderConnection)
  }
}
