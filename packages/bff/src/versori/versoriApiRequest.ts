import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import type { UpstreamRequest } from '../http/callUpstream.js'

const segment = encodeURIComponent

/** The Versori API URLs the BFF calls, every path segment encoded. */
export const versoriUrls = {
  /** Embedded API v1: `POST /embed/{hub_id}/connector/{connector_id}/oauth2/initialise`; Connect API v1: `POST /o/{organisation_id}/connectors/{connector_id}/oauth2/initialise`. */
  initialise(versori: ResolvedVersoriConfig): string {
    return versori.api === 'connect'
      ? `${versori.baseUrl}/api/connect/v1/o/${segment(versori.organisationId ?? '')}/connectors/${segment(versori.connectorId)}/oauth2/initialise`
      : `${versori.baseUrl}/api/embedded/v1/embed/${segment(versori.hubId)}/connector/${segment(versori.connectorId)}/oauth2/initialise`
  },
  /** Embedded API v1: an end user, `/hubs/{hub_id}/users/{user_id}` (user by external id). */
  endUser(versori: ResolvedVersoriConfig, endUserId: string): string {
    return `${versori.baseUrl}/api/embedded/v1/hubs/${segment(versori.hubId)}/users/${segment(endUserId)}`
  },
  /** Embedded API v1: the end user's connections, `/hubs/{hub_id}/users/{user_id}/connections`. */
  connections(versori: ResolvedVersoriConfig, endUserId: string): string {
    return `${versoriUrls.endUser(versori, endUserId)}/connections`
  },
}

/**
 * A Versori API call: `Authorization: Bearer <VERSORI_TOKEN>` (the Connect API documents
 * it; the Embedded API's OpenAPI declares no scheme and the sandbox asks the same bearer),
 * `Accept: application/json`, and a JSON body when given.
 */
export function versoriApiRequest(
  versori: Pick<ResolvedVersoriConfig, 'token'>,
  method: UpstreamRequest['method'],
  url: string,
  body?: Record<string, unknown>,
): UpstreamRequest {
  const request: UpstreamRequest = {
    url,
    method,
    headers: { accept: 'application/json', authorization: `Bearer ${versori.token}` },
  }
  if (body !== undefined) {
    request.headers['content-type'] = 'application/json'
    request.body = JSON.stringify(body)
  }
  return request
}
