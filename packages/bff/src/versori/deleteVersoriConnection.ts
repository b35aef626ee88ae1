import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processVersoriResponse } from './processVersoriResponse.js'
import { versoriApiRequest, versoriUrls } from './versoriApiRequest.js'

/**
 * `DELETE {base}/api/embedded/v1/hubs/{hub_id}/users/{user_id}/connections/{id}`. Not in
 * Versori's published Embedded API (which lists only create and list); the sandbox
 * emulates it. Pair with {@link processDeleteVersoriConnectionResponse}.
 */
export function deleteVersoriConnectionRequest(
  versori: ResolvedVersoriConfig,
  endUserId: string,
  connectionId: string,
): UpstreamRequest {
  return versoriApiRequest(
    versori,
    'DELETE',
    versoriUrls.connection(versori, endUserId, connectionId),
  )
}

/** Success for 2xx and for 404 (already gone); other failures as {@link processVersoriResponse}. */
export function processDeleteVersoriConnectionResponse(response: UpstreamResponse): void {
  if (response.status === 404) return
  processVersoriResponse(response, 'DeleteEndUserConnection')
}
