import { DoorwayError, safeReturnTo } from '@doorway/core'
import type {
  RhombusEnvoyInitiateAnswer,
  RhombusEnvoyInitiateRequest,
  RhombusEnvoyLocationList,
} from '@doorway/core/wire'
import { type Handler, Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { randomToken } from '../crypto/randomToken.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject, readJsonBody } from '../http/readJsonBody.js'
import { serve } from '../http/requestGuard.js'
import { requireSession } from '../session/Session.js'
import { requireRhombusApiKey } from './rhombusApi.js'
import {
  envoyLocationsRequest,
  initiateEnvoyOAuthRequest,
  processEnvoyLocationsResponse,
  processInitiateEnvoyOAuthResponse,
} from './rhombusEnvoyIntegration.js'

/**
 * Rhombus's own Envoy integration, as routes (mounted at `/envoy/rhombus` by the Envoy
 * area): `POST /initiate` (see {@link rhombusEnvoyInitiateRoute}) and `GET /locations` (see
 * {@link rhombusEnvoyLocationsRoute}). Its status and removal are `via: 'rhombus'` of
 * `GET /envoy/connection` and `POST /envoy/disconnect`. Every call uses the BFF's API key,
 * so every route first checks that the user belongs to the key's organisation.
 */
export function rhombusEnvoyRoutes(services: BffServices): Hono<BffEnv> {
  const app = new Hono<BffEnv>()
  serve(app, '/initiate', ['POST'], rhombusEnvoyInitiateRoute(services))
  serve(app, '/locations', ['GET'], rhombusEnvoyLocationsRoute(services))
  return app
}

/**
 * `POST /envoy/rhombus/initiate` `{returnTo, param?}` → `{redirectUrl, warning?}`: asks
 * Rhombus's own Envoy integration (`initiateEnvoyOAuth`, with the API key) where to send
 * the user. `requestUrl` is `returnTo` on the app's origin (the Envoy redirect URI's, else
 * the Rhombus one's); `rhombusOrgUserUuid` is the user's Rhombus id when the session took
 * it from the access token, else `null`. Rhombus keeps the Envoy tokens; nothing is stored.
 * The integration is the API key's organisation's: only its users, with the configured
 * permission (default: Rhombus `superAdmin`), may start it; others get 403 `forbidden`.
 */
function rhombusEnvoyInitiateRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'connecting Envoy')
    const rhombus = requireRhombusApiKey(config.rhombus)
    await rhombusUser.requireIntegrationAdmin(session)
    const appOrigin = new URL(config.envoy?.redirectUri ?? rhombus.redirectUri).origin
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseRhombusEnvoyInitiateRequest(value, appOrigin)
    const result = processInitiateEnvoyOAuthResponse(
      await callUpstream(
        initiateEnvoyOAuthRequest(rhombus, {
          param: request.param,
          requestUrl: request.requestUrl,
          rhombusOrgUserUuid: session.userIdFrom === 'token' ? session.userId : null,
        }),
      ),
    )
    return c.json(result satisfies RhombusEnvoyInitiateAnswer)
  }
}

/**
 * `GET /envoy/rhombus/locations` → `{locations: [{id, name}]}` (core's
 * `RhombusEnvoyLocationList`): the Envoy locations of the API key's organisation, read by
 * Rhombus's own Envoy integration (`POST /api/report/getEnvoyLocations`, with the API key).
 * A typed route rather than the Rhombus proxy: the proxy calls with the user's token, this
 * uses the server's key, so only users of the key's organisation reach it (else 403
 * `forbidden`, before any call). Envoy refusing Rhombus's token is 401 `envoy_disconnected`.
 */
function rhombusEnvoyLocationsRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, "reading Envoy's locations")
    const rhombus = requireRhombusApiKey(config.rhombus)
    await rhombusUser.requireKeyOrg(session)
    const locations = processEnvoyLocationsResponse(
      await callUpstream(envoyLocationsRequest(rhombus)),
    )
    return c.json({ locations } satisfies RhombusEnvoyLocationList)
  }
}

/** A checked initiate request: the absolute URL to come back to, and the `param`. */
export interface ParsedRhombusEnvoyInitiate {
  requestUrl: string
  param: string
}

/**
 * Checks `body` (`POST /envoy/rhombus/initiate`) against {@link RhombusEnvoyInitiateRequest}: `returnTo` must be a
 * same-origin path (absolute URLs, `//host`, backslashes, encoded slashes and schemes are
 * 400 `invalid_return_to`); it is resolved against `appOrigin` into `requestUrl`.
 */
export function parseRhombusEnvoyInitiateRequest(
  body: unknown,
  appOrigin: string,
): ParsedRhombusEnvoyInitiate {
  const fields = parseBodyObject(body)
  const returnTo = fields.string('returnTo', { maxLength: 2048 })
  let path: string
  try {
    path = safeReturnTo(returnTo, appOrigin)
  } catch (cause) {
    if (!(cause instanceof DoorwayError)) throw cause
    throw new BffError(
      'invalid_return_to',
      '"returnTo" must be a same-origin path such as "/settings".',
      { cause },
    )
  }
  const param = fields.optionalString('param', { maxLength: 256 }) ?? randomToken()
  return { requestUrl: new URL(path, appOrigin).href, param }
}
