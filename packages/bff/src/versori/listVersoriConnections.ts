import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processVersoriResponse } from './processVersoriResponse.js'
import { versoriApiRequest, versoriUrls } from './versoriApiRequest.js'

/** A Versori `ConnectionSummary`. */
export interface VersoriConnectionSummary {
  id: string
  name: string
}

/**
 * `GET {base}/api/embedded/v1/hubs/{hub_id}/users/{user_id}/connections?hub_connector_id={connector_id}`
 * (`ListEndUserConnections`): the end user's connections to the Envoy connector.
 * Pair with {@link processListVersoriConnectionsResponse}.
 */
export function listVersoriConnectionsRequest(
  versori: ResolvedVersoriConfig,
  endUserId: string,
): UpstreamRequest {
  const url = new URL(versoriUrls.connections(versori, endUserId))
  url.searchParams.set('hub_connector_id', versori.connectorId)
  return versoriApiRequest(versori, 'GET', url.href)
}

/**
 * The `connections` of a `ListEndUserConnections` answer. A 404 (Versori does not know the
 * end user yet) is an empty list; other failures as {@link processVersoriResponse}.
 */
export function processListVersoriConnectionsResponse(
  response: UpstreamResponse,
): VersoriConnectionSummary[] {
  if (response.status === 404) return []
  const json = processVersoriResponse(response, 'ListEndUserConnections')
  const connections = json.connections ?? []
  if (!Array.isArray(connections)) {
    throw new BffError(
      'invalid_response',
      'Versori listed connections without a connections array.',
    )
  }
  return connections.flatMap((item: unknown) => {
    const { id, name } = (item ?? {}) as Record<string, unknown>
    return typeof id === 'string' && id !== ''
      ? [{ id, name: typeof name === 'string' ? name : '' }]
      : []
  })
}
