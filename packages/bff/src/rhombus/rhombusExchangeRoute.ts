import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { summarizeSession } from '../session/SessionSummary.js'
import { exchangeRhombusCode } from './exchangeRhombusCode.js'
import { probeRhombusPartner } from './probeRhombusPartner.js'
import { parseRhombusExchangeRequest } from './RhombusExchangeRequest.js'
import { requireRhombus } from './requireRhombus.js'
import { rhombusUserIdentity } from './rhombusUserIdentity.js'

/**
 * `POST /auth/rhombus/exchange`: checks the redirect URI before any upstream call, redeems
 * the code (or takes a legacy pre-exchanged token), and answers with a session cookie and
 * its summary. Nothing is set unless the exchange succeeds. The session's user id comes from
 * the access token when it is a JWT the BFF got from the token endpoint itself (see
 * {@link rhombusUserIdentity}); a legacy pre-exchanged token came through the browser, so
 * its session's id is random.
 *
 * Partner status comes from the legacy callback's `isPartner`; in the `oauth2` dialect,
 * which has no such parameter, a session not already known to be partner is probed after
 * the exchange (see {@link probeRhombusPartner}). With `supportsPartners: false` a partner
 * sign-in is 403 `partner_not_supported` and no cookie is set.
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
    if (request.isPartner) refusePartner(rhombus.supportsPartners)
    const tokens =
      request.kind === 'token'
        ? { accessToken: request.accessToken }
        : await exchangeRhombusCode(rhombus, request, callUpstream)
    const isPartner =
      request.isPartner ||
      (rhombus.protocol === 'oauth2' &&
        (await probeRhombusPartner(
          rhombus.apiUrl,
          tokens.accessToken,
          callUpstream,
          config.logger,
        )))
    if (isPartner) refusePartner(rhombus.supportsPartners)
    const session = await sessions.start(c, {
      // A token the browser handed over (legacy pre-exchanged) is not vouched for by Rhombus's
      // token endpoint: its claims could name anyone, so its session gets a random user id.
      ...(request.kind === 'token'
        ? { userId: crypto.randomUUID(), userIdFrom: 'random' as const }
        : rhombusUserIdentity(tokens.accessToken)),
      provider: 'rhombus',
      isPartner,
      ...tokens,
    })
    return c.json(summarizeSession(session))
  }
}

/** 403 `partner_not_supported` unless partner accounts may sign in. */
function refusePartner(supportsPartners: boolean): void {
  if (supportsPartners) return
  throw new BffError(
    'partner_not_supported',
    'This Rhombus account is a partner (MSP or reseller) account, and this app is configured without partner support (RHOMBUS_PARTNERS=false).',
  )
}
