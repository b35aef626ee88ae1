import type { BffClient } from '../bffClient.js'
import type { EnvoyConnection, EnvoyVia } from './EnvoyConnection.js'
import { envoyChanges } from './envoyChanges.js'

/**
 * Disconnects one way (`POST {baseUrl}/envoy/disconnect {via}`): direct forgets the stored
 * tokens, Versori deletes the user's end user (and their connections) in the hub, Rhombus
 * removes its integration (`deleteEnvoyIntegrationV2`; needs the configured permission, else
 * `forbidden`).
 * Tells {@link envoyChanges}.
 */
export async function disconnectEnvoy(
  client: Pick<BffClient, 'request'>,
  via: EnvoyVia,
): Promise<EnvoyConnection> {
  return envoyChanges.emit(
    await client.request<EnvoyConnection>('POST', '/envoy/disconnect', { via }),
  )
}
