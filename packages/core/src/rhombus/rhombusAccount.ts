// The signed-in Rhombus account's own data, through the BFF: its long-lived API keys and,
// for a partner, its client orgs.
import type { DoorwayClient } from '../doorwayClient.js'
import type {
  RhombusApiKey,
  RhombusApiKeyList,
  RhombusApiKeyRequest,
  RhombusPartnerClient,
  RhombusPartnerClientList,
} from '../wire.js'

type Client = Pick<DoorwayClient, 'request'>

/** The signed-in user's API keys, oldest first (`GET /bff/rhombus/api-keys`). */
export async function listRhombusApiKeys(
  client: Client,
  signal?: AbortSignal,
): Promise<RhombusApiKey[]> {
  const { apiKeys } = await client.request<RhombusApiKeyList>(
    'GET',
    '/rhombus/api-keys',
    undefined,
    signal,
  )
  return apiKeys
}

/**
 * Mints a long-lived Rhombus API key from the signed-in session (`POST
 * /bff/rhombus/api-keys`); the BFF keeps the key, the browser gets its summary.
 *
 * @example
 * const key = await createRhombusApiKey(client, 'Nightly export')
 */
export function createRhombusApiKey(client: Client, displayName: string): Promise<RhombusApiKey> {
  return client.request<RhombusApiKey>('POST', '/rhombus/api-keys', {
    displayName,
  } satisfies RhombusApiKeyRequest)
}

/**
 * Deletes one of the user's keys (`DELETE /bff/rhombus/api-keys/:id`): the BFF revokes it at
 * Rhombus (`revokeApiToken`), then forgets it. A revocation Rhombus refuses is
 * `upstream_error`, and the key stays listed.
 */
export async function deleteRhombusApiKey(client: Client, id: string): Promise<void> {
  await client.request('DELETE', `/rhombus/api-keys/${encodeURIComponent(id)}`)
}

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
