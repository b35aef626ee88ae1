import type { BffClient } from '../bffClient.js'
import type { ProviderConnection } from './ProviderConnection.js'

/**
 * Forgets the signed-in user's tokens of a standards-based provider
 * (`POST {baseUrl}/connections/<provider>/disconnect`; the BFF sends no revocation request).
 */
export function disconnectProvider(
  client: Pick<BffClient, 'request'>,
  provider: string,
): Promise<ProviderConnection> {
  return client.request('POST', `/connections/${encodeURIComponent(provider)}/disconnect`)
}
