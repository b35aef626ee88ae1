import type { SessionSummary } from '@doorway/core'
import type { SignOutRequest } from '@doorway/core/wire'
import { Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import {
  parseJsonText,
  readBodyText,
  requireJsonContentType,
  type Unchecked,
} from '../http/readJsonBody.js'
import { serve } from '../http/requestGuard.js'
import { rhombusExchangeRoute } from '../rhombus/rhombusExchangeRoute.js'
import { summarizeSession } from './Session.js'

/**
 * The session area:
 * - `GET /session`: the {@link SessionSummary}, never a token; an ended session is
 *   `{authenticated: false, expired: true}` until the browser signs in again or out.
 * - `POST /auth/rhombus/exchange`: signs in (see {@link rhombusExchangeRoute}).
 * - `POST /auth/signout` `{everywhere?: boolean}`: deletes the session on the server (so
 *   its cookie is dead on every instance and after restarts) and clears the cookie; with
 *   `everywhere: true`, every session of the user. When the session's user id was random
 *   (the access token carried no identity), nothing can reach that user's stored
 *   connections again, so their tokens are forgotten too. Answers even without a session.
 */
export function sessionRoutes(services: BffServices): Hono<BffEnv> {
  const { config, sessions } = services
  const app = new Hono<BffEnv>()
  serve(app, '/session', ['GET'], (c) => {
    const state = c.get('session')
    const summary: SessionSummary =
      state.status === 'expired'
        ? { ...summarizeSession(null), expired: true }
        : summarizeSession(state.status === 'live' ? state.session : null)
    return c.json(summary)
  })
  serve(app, '/auth/rhombus/exchange', ['POST'], rhombusExchangeRoute(services))
  serve(app, '/auth/signout', ['POST'], async (c) => {
    const everywhere = await readEverywhere(c.req.raw, config.maxBodyBytes)
    const state = c.get('session')
    await sessions.end(c)
    if (state.status !== 'live') return c.json(summarizeSession(null) satisfies SessionSummary)
    const { session } = state
    if (everywhere) await sessions.endAll(session.userId)
    if (session.userIdFrom === 'random') {
      for (const provider of config.oauthProviders.keys()) {
        await config.store.deleteConnection({ userId: session.userId, provider })
      }
    }
    return c.json(summarizeSession(null) satisfies SessionSummary)
  })
  return app
}

/** The sign-out body's ({@link SignOutRequest}) `everywhere`: no body, an empty one or `{}` is `false`. */
async function readEverywhere(request: Request, maxBytes: number): Promise<boolean> {
  // No body, or an empty one (whatever its Content-Type), is a plain sign-out.
  const text = await readBodyText(request, maxBytes)
  if (text.trim() === '') return false
  requireJsonContentType(request)
  const value = parseJsonText(text)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BffError('bad_request', 'The body must be a JSON object, e.g. {"everywhere": true}.')
  }
  const { everywhere, ...rest } = value as Unchecked<SignOutRequest>
  const unknown = Object.keys(rest)[0]
  if (unknown !== undefined) {
    throw new BffError('bad_request', `"${unknown}" is not a sign-out option; use "everywhere".`)
  }
  if (everywhere !== undefined && typeof everywhere !== 'boolean') {
    throw new BffError('bad_request', '"everywhere" must be a boolean.')
  }
  return everywhere === true
}
