import { decodeJwt } from 'jose'
import { BffError } from '../http/BffError.js'
import type { CallUpstream, UpstreamResponse } from '../http/callUpstream.js'
import type { RhombusOrg, Session } from '../session/Session.js'
import { processRhombusApiResponse } from './processRhombusApiResponse.js'
import { type RhombusTokenScheme, rhombusUserRequest } from './rhombusApiRequests.js'
import { parsePartnerClients } from './rhombusPartnerClients.js'

/** What Rhombus says about the account behind an access token. */
export interface RhombusAccount {
  isPartner: boolean
  /** The account's own organisation; `null` when Rhombus did not name it. */
  org: RhombusOrg | null
}

/** `getOrgV2`'s `org`, when the answer names one. */
export function orgOf(json: Record<string, unknown>): RhombusOrg | null {
  const org = json.org
  if (typeof org !== 'object' || org === null) return null
  const { uuid, name } = org as Record<string, unknown>
  return typeof uuid === 'string' && uuid !== ''
    ? { uuid, name: typeof name === 'string' ? name : '' }
    : null
}

const refusedToken = (status: number) =>
  new BffError('invalid_grant', `Rhombus does not accept this access token (HTTP ${status}).`, {
    status: 401,
    hint: 'Sign in again; a token that did not come from Rhombus never makes a session.',
  })

/**
 * Confirms an access token with Rhombus and learns its account, as Rhombus's CLI does:
 * `POST {apiUrl}/api/org/getOrgV2` `{}` with `x-auth-scheme: api-oauth-token`; 200 is a
 * standard account (and its org); 403 is a partner, confirmed by
 * `POST /api/partner/getClientsV2` with `partner-api-oauth-token`, whose answer must carry the
 * documented `clients: [{clientOrgUuid, ...}]` (and its own org read from
 * `getOrgV2` with that scheme, when Rhombus answers it). Nothing is minted and nothing the
 * browser said is believed.
 *
 * @throws {BffError} `invalid_grant` (401) when Rhombus refuses the token (a made-up or
 * revoked one gives no session), or when neither scheme accepts it; `upstream_unavailable`
 * / `timeout` / `invalid_response` when Rhombus cannot say.
 */
export async function confirmRhombusAccount(
  apiUrl: string,
  accessToken: string,
  call: CallUpstream,
): Promise<RhombusAccount> {
  const ask = (path: string, scheme: RhombusTokenScheme) =>
    call(rhombusUserRequest(apiUrl, path, accessToken, scheme))
  const answer = (response: UpstreamResponse, action: string) =>
    processRhombusApiResponse(response, action, {
      detail: `Rhombus refused ${action}`,
      hint: 'Sign in again.',
    })

  const standard = await ask('org/getOrgV2', 'api-oauth-token')
  if (standard.status === 401) throw refusedToken(401)
  if (standard.status !== 403) {
    return { isPartner: false, org: orgOf(answer(standard, 'getOrgV2')) }
  }
  const clients = await ask('partner/getClientsV2', 'partner-api-oauth-token')
  if (clients.status === 401 || clients.status === 403) throw refusedToken(clients.status)
  parsePartnerClients(answer(clients, 'getClientsV2'))
  const own = await ask('org/getOrgV2', 'partner-api-oauth-token')
  const org = own.status >= 200 && own.status < 300 ? orgOf(answer(own, 'getOrgV2')) : null
  return { isPartner: true, org }
}

const identityClaims = ['sub', 'userUuid', 'user_uuid'] as const

/**
 * Who signed in, for keying stored credentials: when the Rhombus access token is a JWT,
 * its `sub` (or `userUuid` / `user_uuid`) claim, read without verification (the token came
 * straight from the token endpoint over TLS, not from the browser); otherwise a random id,
 * which lasts as long as the session.
 */
export function rhombusUserIdentity(accessToken: string): Pick<Session, 'userId' | 'userIdFrom'> {
  try {
    const payload = decodeJwt(accessToken)
    for (const claim of identityClaims) {
      const value = payload[claim]
      if (typeof value === 'string' && value !== '') return { userId: value, userIdFrom: 'token' }
    }
  } catch {
    // Not a JWT: an opaque token carries no identity.
  }
  return { userId: crypto.randomUUID(), userIdFrom: 'random' }
}
