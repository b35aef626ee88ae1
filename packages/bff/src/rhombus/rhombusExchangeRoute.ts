import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { summarizeSession } from '../session/SessionSummary.js'
import { exchangeRhombusCode } from './exchangeRhombusCode.js'
import { parseRhombusExchangeRequest } from './RhombusExchangeRequest.js'
import { requireRhombus } from './requireRhombus.js'
import { rhombusUserIdentity } from './rhombusUserIdentity.js'

/**
 * `POST /auth/rhombus/exchange`: checks the redirect URI before any upstream call, redeems
 * the code (or takes a legacy pre-exchanged token), and answers with a session cookie and
 * its summary. Nothing is set unless the exchange succeeds. The session's user id comes from
 * the access token when it is a JWT (see {@link rhombusUserIdentity}).
 */
export function rhombusExchangeRoute({ config, sessions, callUpstream }: BffServices): Handler {
  return async (c) => {
    const rhombus = requireRhombus(config.rhombus)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseRhombusExchangeRequest(value, rhombus.protocol)
    if (request.redirectUri !== rhombus.redirectUri) {
      throw new BffError(
        'redirect_uri_mismatch',
        `redirectUri "${request.redirectUri}" is not the configured redirect URI "${rhombus.redirectUri}".`,
      )
    }
    const tokens =
      request.kind === 'token'
        ? { accessToken: request.accessToken }
        : await exchangeRhombusCode(rhombus, request, callUpstream)
    const session = await sessions.start(c, {
      ...rhombusUserIdentity(tokens.accessToken),
      provider: 'rhombus',
      isPartner: request.isPartner,
      ...tokens,
    })
    return c.json(summarizeSession(session))
  }
}
