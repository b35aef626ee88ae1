import type { RhombusPartnerClient, RhombusPartnerClientList } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { requireSession } from '../session/requireSession.js'
import { processRhombusApiResponse } from './processRhombusApiResponse.js'
import { requireRhombus } from './requireRhombus.js'
import { rhombusUserRequest } from './rhombusApiRequests.js'

/**
 * `POST {apiUrl}/api/partner/getClientsV2` `{}` with a partner's token
 * (`x-auth-scheme: partner-api-oauth-token`, `x-auth-access-token`): the partner's client
 * orgs, basic info (Rhombus's OpenAPI). Pair with {@link processPartnerClientsResponse}.
 */
export function partnerClientsRequest(apiUrl: string, accessToken: string): UpstreamRequest {
  return rhombusUserRequest(apiUrl, 'partner/getClientsV2', accessToken, 'partner-api-oauth-token')
}

/**
 * The documented `clients: [{clientOrgUuid, clientOrgName, clientAccessAllowed, ...}]` of a
 * `getClients` / `getClientsV2` answer's JSON object, as core's `RhombusPartnerClient`s
 * (other fields dropped). An answer without a `clients` array, or an entry without a
 * non-empty string `clientOrgUuid`, is `invalid_response`; a missing name is `''`, a missing
 * `clientAccessAllowed` false (never assume access).
 */
export function parsePartnerClients(json: Record<string, unknown>): RhombusPartnerClient[] {
  const { clients } = json
  if (!Array.isArray(clients)) {
    throw new BffError('invalid_response', 'Rhombus listed client orgs without a clients array.')
  }
  return clients.map((entry: unknown) => {
    const { clientOrgUuid, clientOrgName, clientAccessAllowed } = (entry ?? {}) as Record<
      string,
      unknown
    >
    if (typeof clientOrgUuid !== 'string' || clientOrgUuid === '') {
      throw new BffError('invalid_response', 'Rhombus listed a client org without a clientOrgUuid.')
    }
    return {
      clientOrgUuid,
      clientOrgName: typeof clientOrgName === 'string' ? clientOrgName : '',
      clientAccessAllowed: clientAccessAllowed === true,
    }
  })
}

/** The client orgs of a `getClientsV2` answer, or a `BffError` (see {@link processRhombusApiResponse}). */
export function processPartnerClientsResponse(response: UpstreamResponse): RhombusPartnerClient[] {
  return parsePartnerClients(
    processRhombusApiResponse(response, 'getClientsV2', {
      detail: 'Rhombus refused to list the client orgs',
      hint: 'Sign in again with the partner account.',
    }),
  )
}

/**
 * `GET /rhombus/partner/clients` → `RhombusPartnerClientList` (core's wire shape): the signed-in
 * partner's client orgs from `getClientsV2`, with the session's token (refreshed as every
 * user call). A session that is not a partner's is 403 `forbidden` before any call. To act
 * for a client, the browser sends its `clientOrgUuid` as `x-auth-org` through the proxy.
 */
export function rhombusPartnerClientsRoute({ config, rhombusUser }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'listing client orgs')
    const rhombus = requireRhombus(config.rhombus)
    if (!session.isPartner) {
      throw new BffError(
        'forbidden',
        'Only a Rhombus partner account has client organisations; this session is a standard account.',
      )
    }
    const { response } = await rhombusUser.call(session, (current) =>
      partnerClientsRequest(rhombus.apiUrl, current.accessToken),
    )
    const clients = processPartnerClientsResponse(response)
    return c.json({ clients } satisfies RhombusPartnerClientList)
  }
}
