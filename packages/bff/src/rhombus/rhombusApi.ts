import type { RhombusPartnerClient } from '@doorway/core'
import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import {
  parseJsonObject,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/callUpstream.js'
import type { RhombusOrg } from '../session/Session.js'

/** The `x-auth-scheme` of a user's OAuth token: standard accounts, or partners (MSP/resellers). */
export type RhombusTokenScheme = 'api-oauth-token' | 'partner-api-oauth-token'

/**
 * A Rhombus API call with a user's OAuth token: `POST {apiUrl}/api/<path>` with
 * `x-auth-scheme` (`api-oauth-token`, or `partner-api-oauth-token` for partners),
 * `x-auth-access-token` and a JSON body (`{}` unless given).
 */
export function rhombusUserRequest(
  apiUrl: string,
  path: string,
  accessToken: string,
  scheme: RhombusTokenScheme,
  body: Record<string, unknown> = {},
): UpstreamRequest {
  return {
    url: `${apiUrl}/api/${path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': scheme,
      'x-auth-access-token': accessToken,
    },
    body: JSON.stringify(body),
  }
}

/**
 * A Rhombus API call authenticated with the organisation's API key:
 * `POST {apiUrl}/api/<path>` with `x-auth-scheme: api-token`, `x-auth-apikey` and a JSON body.
 */
export function rhombusApiKeyRequest(
  rhombus: Pick<RhombusWithApiKey, 'apiUrl' | 'apiKey'>,
  path: string,
  body: Record<string, unknown>,
): UpstreamRequest {
  return {
    url: `${rhombus.apiUrl}/api/${path}`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': rhombus.apiKey,
    },
    body: JSON.stringify(body),
  }
}

/** How {@link processRhombusApiResponse} words a 401 or 403: what was refused, and the remedy. */
export interface RhombusRefusal {
  /** The start of the detail, e.g. `Rhombus refused to mint an API key`. */
  detail: string
  hint: string
}

/**
 * The JSON object of a Rhombus API answer, or a `BffError`. Rhombus reports failures as
 * `{error: true, errorMsg}`, often with HTTP 200; those become `upstream_error` with the
 * `errorMsg` as detail (and as `error_description`). 401/403 mean the credential was refused
 * (worded by `refused`; by default, the BFF's API key),
 * 5xx `upstream_unavailable`, a body that is not a JSON object `invalid_response`.
 * `action` names the call in details, e.g. `initiateEnvoyOAuth`.
 */
export function processRhombusApiResponse(
  response: UpstreamResponse,
  action: string,
  refused: RhombusRefusal = {
    detail: `Rhombus refused the API key for ${action}`,
    hint: 'Check RHOMBUS_API_KEY: it must be an API key of the organisation (x-auth-scheme: api-token).',
  },
): Record<string, unknown> {
  const json = parseJsonObject(response.body)
  const errorMsg =
    typeof json?.errorMsg === 'string' && json.errorMsg !== '' ? json.errorMsg : undefined
  if (response.status >= 500) {
    throw new BffError(
      'upstream_unavailable',
      `Rhombus answered ${action} with HTTP ${response.status}.`,
      {
        status: response.status === 503 ? 503 : 502,
      },
    )
  }
  if (response.status === 401 || response.status === 403) {
    throw new BffError(
      'upstream_error',
      `${refused.detail} (HTTP ${response.status})${errorMsg ? `: ${errorMsg}` : '.'}`,
      { status: 502, hint: refused.hint, ...(errorMsg && { error_description: errorMsg }) },
    )
  }
  if (json === undefined) {
    throw new BffError(
      'invalid_response',
      `Rhombus answered ${action} (HTTP ${response.status}) with a body that is not a JSON object.`,
    )
  }
  if (json.error === true || response.status < 200 || response.status > 299) {
    throw new BffError(
      'upstream_error',
      errorMsg ?? `Rhombus refused ${action} (HTTP ${response.status}) without saying why.`,
      {
        status: 502,
        hint: `Rhombus refused ${action}; its message is the detail.`,
        ...(errorMsg && { error_description: errorMsg }),
      },
    )
  }
  return json
}

/** The Rhombus settings, or 501 `not_configured` when the BFF has none. */
export function requireRhombus(rhombus: ResolvedRhombusConfig | undefined): ResolvedRhombusConfig {
  if (rhombus === undefined) {
    throw new BffError(
      'not_configured',
      'Rhombus is not configured on this BFF (set RHOMBUS_CLIENT_ID and RHOMBUS_CLIENT_SECRET).',
    )
  }
  return rhombus
}

/** Rhombus settings that carry an API key. */
export type RhombusWithApiKey = ResolvedRhombusConfig & { apiKey: string }

/**
 * The Rhombus settings with their API key, or 501 `not_configured`: Rhombus's own Envoy
 * integration is called with an API key, not the user's token.
 */
export function requireRhombusApiKey(
  rhombus: ResolvedRhombusConfig | undefined,
): RhombusWithApiKey {
  if (rhombus?.apiKey === undefined) {
    throw new BffError(
      'not_configured',
      'Connecting Envoy through Rhombus needs a Rhombus API key on the BFF (set RHOMBUS_API_KEY).',
    )
  }
  return rhombus as RhombusWithApiKey
}

/** `getOrgV2`'s `org`, when the answer names one. */
export function orgOf(json: Record<string, unknown>): RhombusOrg | null {
  const org = json.org
  if (typeof org !== 'object' || org === null) return null
  const { uuid, name } = org as Record<string, unknown>
  return typeof uuid === 'string' && uuid !== ''
    ? { uuid, name: typeof name === 'string' ? name : '' }
    : null
}

/**
 * `POST {apiUrl}/api/partner/getClientsV2` `{}` with a partner's token
 * (`x-auth-scheme: partner-api-oauth-token`, `x-auth-access-token`): the partner's client
 * orgs, basic info (Rhombus's OpenAPI). Pair with {@link processPartnerClientsResponse}.
 */
export function partnerClientsRequest(apiUrl: string, accessToken: string): UpstreamRequest {
  return rhombusUserRequest(apiUrl, 'partner/getClientsV2', accessToken, 'partner-api-oauth-token')
}

/**
 * The documented `clients: [{clientOrgUuid, clientOrgName, clientAccessAllowed, ...}]` of a
 * `getClients` / `getClientsV2` answer's JSON object, as core's `RhombusPartnerClient`s
 * (other fields dropped). An answer without a `clients` array, or an entry without a
 * non-empty string `clientOrgUuid`, is `invalid_response`; a missing name is `''`, a missing
 * `clientAccessAllowed` false (never assume access).
 */
export function parsePartnerClients(json: Record<string, unknown>): RhombusPartnerClient[] {
  const { clients } = json
  if (!Array.isArray(clients)) {
    throw new BffError('invalid_response', 'Rhombus listed client orgs without a clients array.')
  }
  return clients.map((entry: unknown) => {
    const { clientOrgUuid, clientOrgName, clientAccessAllowed } = (entry ?? {}) as Record<
      string,
      unknown
    >
    if (typeof clientOrgUuid !== 'string' || clientOrgUuid === '') {
      throw new BffError('invalid_response', 'Rhombus listed a client org without a clientOrgUuid.')
    }
    return {
      clientOrgUuid,
      clientOrgName: typeof clientOrgName === 'string' ? clientOrgName : '',
      clientAccessAllowed: clientAccessAllowed === true,
    }
  })
}

/** The client orgs of a `getClientsV2` answer, or a `BffError` (see {@link processRhombusApiResponse}). */
export function processPartnerClientsResponse(response: UpstreamResponse): RhombusPartnerClient[] {
  return parsePartnerClients(
    processRhombusApiResponse(response, 'getClientsV2', {
      detail: 'Rhombus refused to list the client orgs',
      hint: 'Sign in again with the partner account.',
    }),
  )
}
