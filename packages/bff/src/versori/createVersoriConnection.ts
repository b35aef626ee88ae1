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
 * `{connectorId, connection: {name, credentials: {action: [{authSchemeConfig, credential:
 * {name, type: 'oauth2-code', data: {code, state}}}]}, variables: []}}`: Versori checks the
 * state and redeems the code. `authSchemeConfig` carries every field the OpenAPI's
 * `AuthSchemeConfigOAuth2` requires: `id` (a fresh ULID), `description`, `schemeType:
 * 'oauth2'`, `authorizeUrl` and `tokenUrl` (`VERSORI_AUTHORIZE_URL`, `VERSORI_TOKEN_URL`),
 * `scopes` (`OAuth2Scope`s `{name}`) and `defaultScopes` (both `VERSORI_SCOPES`), and `grant`
 * `{grantType: 'authorization_code', credentialId, organisationId, clientId}` naming the
 * `oauth2-client` credential that holds the client secret (`VERSORI_CREDENTIAL_ID`, its
 * organisation, `VERSORI_CLIENT_ID`), so no secret is sent.
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
            authSchemeConfig: {
              id: ulid(),
              description: 'Envoy OAuth 2.0',
              schemeType: 'oauth2',
              authorizeUrl: versori.authorizeUrl,
              tokenUrl: versori.tokenUrl,
              scopes: versori.scopes.map((name) => ({ name })),
              defaultScopes: [...versori.scopes],
              grant: {
                grantType: 'authorization_code',
                credentialId: versori.credentialId,
                organisationId: versori.credentialOrganisationId,
                clientId: versori.clientId,
              },
            },
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
