import type { VersoriInitialiseAnswer } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { versoriPendingStates } from '../oauth/pendingStates.js'
import { requireSession } from '../session/requireSession.js'
import {
  processVersoriInitialiseResponse,
  versoriInitialiseRequest,
} from './initialiseVersoriConnection.js'
import { requireVersori } from './requireVersori.js'
import { parseVersoriInitialiseRequest } from './VersoriInitialiseRequest.js'

/**
 * `POST /envoy/versori/initialise` `{additionalParams?, prompt?}` → `{url, state}`: checks
 * the input before calling Versori (colliding `additionalParams` are 400), calls
 * `oauth2/initialise`, remembers the state for this user (10 minutes, single use) and
 * answers Versori's URL unchanged with the state read from it. The browser opens `url` in
 * a popup and talks to Versori's callback page (`versori.callbackOrigin` in `/config`).
 */
export function versoriInitialiseRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'connecting Envoy')
    await rhombusUser.requireAppOrg(session)
    const versori = requireVersori(config.versori)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseVersoriInitialiseRequest(value)
    const initialised = processVersoriInitialiseResponse(
      await callUpstream(versoriInitialiseRequest(versori, request)),
    )
    await versoriPendingStates.remember(config.store, initialised.state, session.userId)
    return c.json(initialised satisfies VersoriInitialiseAnswer)
  }
}
