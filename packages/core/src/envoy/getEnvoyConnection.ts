import type { BffClient } from '../bffClient.js'
import type { EnvoyConnection, EnvoyVia } from './EnvoyConnection.js'

/**
 * Reads the signed-in user's Envoy connection of one way (`GET {baseUrl}/envoy/connection?via=`):
 * direct from the BFF's store, through Rhombus from Rhombus's integration, through Versori
 * from Versori. Never carries a token.
 */
export function getEnvoyConnection(
  client: Pick<BffClient, 'request'>,
  via: EnvoyVia,
  { signal }: { signal?: AbortSignal } = {},
): Promise<EnvoyConnection> {
  return client.request(
    'GET',
    `/envoy/connection?via=${encodeURIComponent(via)}`,
    undefined,
    signal,
  )
}
