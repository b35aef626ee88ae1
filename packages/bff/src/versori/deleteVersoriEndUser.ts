import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processVersoriResponse } from './processVersoriResponse.js'
import { versoriApiRequest, versoriUrls } from './versoriApiRequest.js'

/**
 * `DELETE {base}/api/embedded/v1/hubs/{hub_id}/users/{user_id}` (Embedded API v1
 * `DeleteEndUser`, user by external id): removes the end user and, as the OpenAPI says,
 * every connection and activation they have to the hub's connectors and integrations. The
 * v1 API has no route to delete one connection; Doorway's end user exists for this one
 * Envoy connection, so removing the end user is what disconnecting means. Pair with
 * {@link processDeleteVersoriEndUserResponse}.
 */
export function deleteVersoriEndUserRequest(
  versori: ResolvedVersoriConfig,
  endUserId: string,
): UpstreamRequest {
  return versoriApiRequest(versori, 'DELETE', versoriUrls.endUser(versori, endUserId))
}

/** Success for 2xx and for 404 (already gone); other failures as {@link processVersoriResponse}. */
export function processDeleteVersoriEndUserResponse(response: UpstreamResponse): void {
  if (response.status === 404) return
  processVersoriResponse(response, 'DeleteEndUser')
}
