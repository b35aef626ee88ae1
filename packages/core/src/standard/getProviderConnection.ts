import type { BffClient } from '../bffClient.js'
import type { ProviderConnection } from './ProviderConnection.js'

/**
 * Reads the signed-in user's stored connection to a standards-based provider
 * (`GET {baseUrl}/connections/<provider>`; no call to the provider).
 */
export function getProviderConnection(
  client: Pick<BffClient, 'request'>,
  provider: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ProviderConnection> {
  return client.request('GET', `/connections/${encodeURIComponent(provider)}`, undefined, signal)
}
