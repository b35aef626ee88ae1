import type { DoorwayClient } from '../doorwayClient.js'
import type { RhombusPartnerClient, RhombusPartnerClientList } from '../wire.js'

type Client = Pick<DoorwayClient, 'request'>

/**
 * The signed-in partner's client orgs (`GET /bff/rhombus/partner/clients`, read by the BFF
 * from Rhombus's `getClientsV2`): uuid, name and whether Rhombus lets the partner act for
 * each now. Pass a `clientOrgUuid` as `org` to a Rhombus call to act for that client (the
 * BFF forwards it as `x-auth-org`). A standard (non-partner) session is refused with 403
 * `forbidden`.
 *
 * @example
 * const clients = await listPartnerClients(client)
 * const usable = clients.filter((c) => c.clientAccessAllowed)
 */
export async function listPartnerClients(
  client: Client,
  signal?: AbortSignal,
): Promise<RhombusPartnerClient[]> {
  const { clients } = await client.request<RhombusPartnerClientList>(
    'GET',
    '/rhombus/partner/clients',
    undefined,
    signal,
  )
  return clients
}
