import type { VersoriCompleteRequest } from '@doorway/core'
import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import { ulid } from '../crypto/ulid.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processVersoriResponse } from './processVersoriResponse.js'
import { versoriApiRequest, versoriUrls } from './versoriApiRequest.js'

/** The name of the connection the BFF creates: unique per end user and connector at Versori. */
export const versoriConnectionName = 'Envoy'

/** A created Versori connection: its id, and the scopes Versori reports granted. */
export interface CreatedVersoriConnection {
  id: string
  scopes?: string[]
}

/**
 * `POST {base}/api/embedded/v1/hubs/{hub_id}/users/{user_id}/connections` (Embedded API
 * v1 `CreateEndUserConnection`, user by external id) with
 * `{connectorId, connection: {name, credentials: {action: [{authSchemeConfig: {id,
 * description, schemeType: 'oauth2'}, credential: {name, type: 'oauth2-code', data:
 * {code, state}}}]}, variables: []}}`: Versori checks the state and redeems the code.
 * Pair with {@link processCreateVersoriConnectionResponse}.
 */
export function createVersoriConnectionRequest(
  versori: ResolvedVersoriConfig,
  endUserId: string,
  grant: VersoriCompleteRequest,
): UpstreamRequest {
  return versoriApiRequest(versori, 'POST', versoriUrls.connections(versori, endUserId), {
    connectorId: versori.connectorId,
    connection: {
      name: versoriConnectionName,
      credentials: {
        action: [
          {
            authSchemeConfig: { id: ulid(), description: 'Envoy OAuth 2.0', schemeType: 'oauth2' },
            credential: {
              name: 'Envoy authorization code',
              type: 'oauth2-code',
              data: { code: grant.code, state: grant.state },
            },
          },
        ],
      },
      variables: [],
    },
  })
}

/** The created `Connection`'s id and granted scopes, or a `BffError` (see {@link processVersoriResponse}). */
export function processCreateVersoriConnectionResponse(
  response: UpstreamResponse,
): CreatedVersoriConnection {
  const json = processVersoriResponse(response, 'CreateEndUserConnection')
  const created: CreatedVersoriConnection = { id: typeof json.id === 'string' ? json.id : '' }
  const credentials = json.credentials as {
    action?: { credential?: { data?: { scopes?: unknown } } }[]
  }
  const scopes = credentials?.action?.[0]?.credential?.data?.scopes
  if (Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string')) {
    created.scopes = scopes
  }
  return created
}
