import type { DoorwayClient } from '../doorwayClient.js'

/**
 * A long-lived Rhombus API key the BFF minted for the signed-in user, as the browser sees
 * it: never the key itself, which stays encrypted in the BFF's credential store.
 */
export interface RhombusApiKey {
  /** The BFF's id of the key (not the key). */
  id: string
  displayName: string
  /** Epoch milliseconds. */
  createdAt: number
  /** Minted for a partner account (`/api/partner/submitApiTokenApplication`). */
  partner: boolean
}

type Client = Pick<DoorwayClient, 'request'>

/** The signed-in user's API keys, oldest first (`GET /bff/rhombus/api-keys`). */
export async function listRhombusApiKeys(
  client: Client,
  signal?: AbortSignal,
): Promise<RhombusApiKey[]> {
  const { apiKeys } = await client.request<{ apiKeys: RhombusApiKey[] }>(
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
  return client.request<RhombusApiKey>('POST', '/rhombus/api-keys', { displayName })
}

/**
 * Deletes one of the user's keys (`DELETE /bff/rhombus/api-keys/:id`): the BFF revokes it at
 * Rhombus (`revokeApiToken`), then forgets it. A revocation Rhombus refuses is
 * `upstream_error`, and the key stays listed.
 */
export async function deleteRhombusApiKey(client: Client, id: string): Promise<void> {
  await client.request('DELETE', `/rhombus/api-keys/${encodeURIComponent(id)}`)
}
