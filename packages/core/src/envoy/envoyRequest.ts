import type { BffClient } from '../bffClient.js'
import { DoorwayError, isDoorwayError } from '../errors.js'
import { envoyChanges } from './envoyChanges.js'

/**
 * Calls the Envoy API with the user's direct connection, through the BFF proxy
 * (`GET {baseUrl}/envoy/api<path>`, e.g. `envoyRequest(client, '/v1/locations')`). The BFF
 * adds the token and refreshes it. When it answers `envoy_disconnected` (Envoy refused the
 * refresh: the connection is gone), {@link envoyChanges} hears the direct connection
 * disconnected (`reason: 'revoked'`) before the error is thrown.
 * @param path `/segment/segment…` of letters, digits, `_` and `-`, with an optional query.
 */
export async function envoyRequest<T = unknown>(
  client: Pick<BffClient, 'request'>,
  path: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<T> {
  if (!/^(\/[\w-]+)+(\?[^#\s]*)?$/.test(path)) {
    throw new DoorwayError('bad_request', `Not an Envoy API path: ${path}`)
  }
  try {
    return await client.request<T>('GET', `/envoy/api${path}`, undefined, signal)
  } catch (error) {
    if (isDoorwayError(error, 'envoy_disconnected')) {
      envoyChanges.emit({ status: 'disconnected', via: 'direct', reason: 'revoked' })
    }
    throw error
  }
}
