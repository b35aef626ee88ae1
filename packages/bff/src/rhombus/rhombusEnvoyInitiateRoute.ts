import type { RhombusEnvoyInitiateAnswer } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { requireSession } from '../session/requireSession.js'
import {
  initiateEnvoyOAuthRequest,
  processInitiateEnvoyOAuthResponse,
} from './initiateEnvoyOAuth.js'
import { parseRhombusEnvoyInitiateRequest } from './RhombusEnvoyInitiateRequest.js'
import { requireRhombusApiKey } from './requireRhombusApiKey.js'

/**
 * `POST /envoy/rhombus/initiate` `{returnTo, param?}` → `{redirectUrl, warning?}`: asks
 * Rhombus's own Envoy integration (`initiateEnvoyOAuth`, with the API key) where to send
 * the user. `requestUrl` is `returnTo` on the app's origin (the Envoy redirect URI's, else
 * the Rhombus one's); `rhombusOrgUserUuid` is the user's Rhombus id when the session took
 * it from the access token, else `null`. Rhombus keeps the Envoy tokens; nothing is stored.
 * The integration is the API key's organisation's: only its users, with the configured
 * permission (default: Rhombus `superAdmin`), may start it; others get 403 `forbidden`.
 */
export function rhombusEnvoyInitiateRoute({
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
