import type { EnvoyConnection } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { versoriPendingStates } from '../oauth/pendingStates.js'
import { requireSession } from '../session/requireSession.js'
import {
  createVersoriConnectionRequest,
  processCreateVersoriConnectionResponse,
} from './createVersoriConnection.js'
import { requireVersori } from './requireVersori.js'
import { parseVersoriCompleteRequest } from './VersoriCompleteRequest.js'
import { versoriEndUserId } from './versoriEndUserId.js'

/**
 * `POST /envoy/versori/complete` `{code, state}` → `EnvoyConnection`: the state must be one
 * this BFF initialised for this user and not used yet (else 400 `state_mismatch`, and
 * nothing is sent); then the end user's connection is created at Versori from an
 * `oauth2-code` credential, and Versori redeems the code. Versori keeps the tokens.
 */
export function versoriCompleteRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'connecting Envoy')
    await rhombusUser.requireAppOrg(session)
    const versori = requireVersori(config.versori)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseVersoriCompleteRequest(value)
    if (!(await versoriPendingStates.take(config.store, request.state, session.userId))) {
      throw new BffError(
        'state_mismatch',
        'This state was not issued to this user by /envoy/versori/initialise, has expired or was already used.',
      )
    }
    const created = processCreateVersoriConnectionResponse(
      await callUpstream(
        createVersoriConnectionRequest(versori, versoriEndUserId(versori, session.userId), request),
      ),
    )
    const connection: EnvoyConnection = { status: 'connected', via: 'versori' }
    if (created.scopes !== undefined) connection.scopes = created.scopes
    return c.json(connection satisfies EnvoyConnection)
  }
}
