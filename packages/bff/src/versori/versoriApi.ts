import type { EnvoyConnection } from '@doorway/core'
import type {
  VersoriCompleteRequest,
  VersoriInitialiseAnswer,
  VersoriInitialiseRequest,
} from '@doorway/core/wire'
import { parseHttpUrl } from '../config/parseHttpUrl.js'
import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import { ulid } from '../crypto/randomToken.js'
import { BffError, type BffErrorOptions } from '../http/BffError.js'
import {
  type CallUpstream,
  parseJsonObject,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/callUpstream.js'

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

/**
 * The JSON object of a successful Versori answer (`{}` for an empty one), or a `BffError`
 * made from Versori's `Error` object `{code, message}` (kept as `error` and
 * `error_description`): 5xx → `upstream_unavailable`; 401/403 → `upstream_error` (the
 * token was refused); 409 → `already_connected`; `invalid_state` → `state_mismatch`;
 * `oauth2_exchange_failed` → `invalid_grant` (Envoy refused the code); anything else →
 * `upstream_error`. `action` names the call in details.
 */
export function processVersoriResponse(
  response: UpstreamResponse,
  action: string,
): Record<string, unknown> {
  const json = response.body === '' ? {} : parseJsonObject(response.body)
  if (response.status >= 200 && response.status <= 299) {
    if (json === undefined) {
      throw new BffError(
        'invalid_response',
        `Versori answered ${action} with a body that is not a JSON object.`,
      )
    }
    return json
  }
  const spec: BffErrorOptions = {}
  if (typeof json?.code === 'string') spec.error = json.code
  if (typeof json?.message === 'string') spec.error_description = json.message
  const said = spec.error_description ? `: ${spec.error_description}` : '.'
  if (response.status >= 500) {
    throw new BffError(
      'upstream_unavailable',
      `Versori answered ${action} with HTTP ${response.status}.`,
      {
        ...spec,
        status: response.status === 503 ? 503 : 502,
      },
    )
  }
  if (response.status === 401 || response.status === 403) {
    throw new BffError(
      'upstream_error',
      `Versori refused the token for ${action} (HTTP ${response.status})${said}`,
      {
        ...spec,
        status: 502,
        hint: 'Check VERSORI_TOKEN: Versori must accept it as a Bearer token.',
      },
    )
  }
  if (response.status === 409) {
    throw new BffError('already_connected', `Versori refused ${action}${said}`, spec)
  }
  if (spec.error === 'invalid_state') {
    throw new BffError('state_mismatch', `Versori refused ${action}${said}`, spec)
  }
  if (spec.error === 'oauth2_exchange_failed') {
    throw new BffError('invalid_grant', `Versori could not exchange the code at Envoy${said}`, spec)
  }
  throw new BffError(
    'upstream_error',
    `Versori refused ${action} (HTTP ${response.status})${said}`,
    {
      ...spec,
      status: 502,
    },
  )
}

/** The Versori end user's external id for a Doorway user: `VERSORI_USER_ID_PREFIX` + user id. */
export function versoriEndUserId(
  versori: Pick<ResolvedVersoriConfig, 'userIdPrefix'>,
  userId: string,
): string {
  return `${versori.userIdPrefix}${userId}`
}

/** The Versori settings, or 501 `not_configured` when the BFF has none. */
export function requireVersori(versori: ResolvedVersoriConfig | undefined): ResolvedVersoriConfig {
  if (versori === undefined) {
    throw new BffError(
      'not_configured',
      'Connecting Envoy through Versori is not configured on this BFF (set the VERSORI_* variables).',
    )
  }
  return versori
}

/**
 * `POST …/oauth2/initialise` on the configured API (Embedded v1 or Connect v1, see
 * {@link versoriUrls}) with the body both document: `authorizeUrl`, `clientId`,
 * `credential: {id, organisationId}`, `scopes`, `disableOfflineAccess: true` (Envoy has no
 * `offline_access` scope; `token.refresh` does its job), then `prompt` and
 * `additionalParams` when given. Pair with {@link processVersoriInitialiseResponse}.
 */
export function versoriInitialiseRequest(
  versori: ResolvedVersoriConfig,
  options: VersoriInitialiseRequest,
): UpstreamRequest {
  const body: Record<string, unknown> = {
    authorizeUrl: versori.authorizeUrl,
    clientId: versori.clientId,
    credential: { id: versori.credentialId, organisationId: versori.credentialOrganisationId },
    scopes: [...versori.scopes],
    disableOfflineAccess: true,
  }
  if (options.prompt !== undefined) body.prompt = options.prompt
  if (options.additionalParams !== undefined) body.additionalParams = options.additionalParams
  return versoriApiRequest(versori, 'POST', versoriUrls.initialise(versori), body)
}

/**
 * The `{url}` of an `oauth2/initialise` answer, with the `state` Versori put in it. The URL
 * is returned exactly as sent (only URLs Versori built can complete a connection); one
 * that is not absolute http(s), or carries no `state`, is `invalid_response`.
 */
export function processVersoriInitialiseResponse(
  response: UpstreamResponse,
): VersoriInitialiseAnswer {
  const json = processVersoriResponse(response, 'oauth2/initialise')
  const url = parseHttpUrl(json.url)
  const state = url?.searchParams.get('state')
  if (url === undefined || !state) {
    throw new BffError(
      'invalid_response',
      'Versori answered oauth2/initialise without an authorize URL carrying a state.',
    )
  }
  return { url: json.url as string, state }
}

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
 * state and exchanges the code. `authSchemeConfig` carries every field the OpenAPI's
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

/** The user's Envoy connection at Versori: connected when Versori lists one for the connector. */
export async function versoriEnvoyConnection(
  versori: ResolvedVersoriConfig,
  userId: string,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  const connections = processListVersoriConnectionsResponse(
    await call(listVersoriConnectionsRequest(versori, versoriEndUserId(versori, userId))),
  )
  return { status: connections.length > 0 ? 'connected' : 'disconnected', via: 'versori' }
}

/**
 * Disconnects the user's Envoy at Versori: deletes their end user in the hub
 * (`DeleteEndUser`), which removes every connection and activation the end user has there.
 */
export async function disconnectVersori(
  versori: ResolvedVersoriConfig,
  userId: string,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  processDeleteVersoriEndUserResponse(
    await call(deleteVersoriEndUserRequest(versori, versoriEndUserId(versori, userId))),
  )
  return { status: 'disconnected', via: 'versori' }
}
