import type { SessionSummary } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { summarizeSession } from '../session/SessionSummary.js'
import { parseRhombusExchangeRequest } from './RhombusExchangeRequest.js'
import { requireRhombus } from './requireRhombus.js'
import { confirmRhombusAccount, rhombusUserIdentity } from './rhombusAccount.js'
import { exchangeRhombusCode } from './rhombusTokenEndpoint.js'

/**
 * `POST /auth/rhombus/exchange`: checks the redirect URI before any upstream call, redeems
 * the code (or, legacy, takes a pre-exchanged token), confirms the token and learns the
 * account with Rhombus (`getOrgV2`, then `getClientsV2` for a partner: see
 * {@link confirmRhombusAccount}), and only then stores a session and sets its cookie.
 * Nothing the browser says is believed: a pre-exchanged token Rhombus refuses gives no
 * session, and partner status is Rhombus's answer, whatever `isPartner` the callback
 * carried. With `supportsPartners: false` a partner sign-in is 403 `partner_not_supported`,
 * in both dialects. Nothing is stored unless all of it succeeds.
 *
 * The session's user id comes from the access token when it is a JWT the BFF got from the
 * token endpoint itself (see {@link rhombusUserIdentity}); a pre-exchanged token came
 * through the browser, so its session's id is random.
 */
export function rhombusExchangeRoute({
  config,
  sessions,
  callUpstream,
}: BffServices): Handler<BffEnv> {
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
    // Said by the browser, so only a hint; refused early when it cannot end in a session.
    if (request.isPartner) refusePartner(rhombus.supportsPartners)
    const tokens =
      request.kind === 'token'
        ? { accessToken: request.accessToken }
        : await exchangeRhombusCode(rhombus, request, callUpstream)
    const account = await confirmRhombusAccount(rhombus.apiUrl, tokens.accessToken, callUpstream)
    if (account.isPartner) refusePartner(rhombus.supportsPartners)
    const session = await sessions.start(c, {
      // A token the browser handed over (legacy pre-exchanged) is not vouched for by Rhombus's
      // token endpoint: its claims could name anyone, so its session gets a random user id.
      ...(request.kind === 'token'
        ? { userId: crypto.randomUUID(), userIdFrom: 'random' as const }
        : rhombusUserIdentity(tokens.accessToken)),
      ...account,
      ...tokens,
    })
    return c.json(summarizeSession(session) satisfies SessionSummary)
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
