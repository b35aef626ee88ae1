import type { EnvoyConnection, RhombusEnvoyLocation } from '@doorway/core'
import type { RhombusEnvoyInitiateAnswer } from '@doorway/core/wire'
import { parseHttpUrl } from '../config/parseHttpUrl.js'
import { BffError } from '../http/BffError.js'
import type { CallUpstream, UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import {
  processRhombusApiResponse,
  type RhombusWithApiKey,
  rhombusApiKeyRequest,
} from './rhombusApi.js'

type KeyHolder = Pick<RhombusWithApiKey, 'apiUrl' | 'apiKey'>

/** What `getEnvoyIntegration` says of the API key's organisation (the documented fields read). */
export interface RhombusEnvoyIntegrationStatus {
  /** `orgIntegrationV2.envoyIntegrationInstalled`. */
  installed: boolean
  /** `orgIntegrationV2.tokenValid`: whether Rhombus's Envoy token still works. */
  tokenValid: boolean
  /** Rhombus's `warningMsg`, when it sent one. */
  warning?: string
}

const serviceManagement = 'integrations/serviceManagement'

/**
 * `POST {apiUrl}/api/integrations/serviceManagement/getEnvoyIntegration` `{}` with the
 * API-key headers. Pair with {@link processGetEnvoyIntegrationResponse}.
 */
export function getEnvoyIntegrationRequest(rhombus: KeyHolder): UpstreamRequest {
  return rhombusApiKeyRequest(rhombus, `${serviceManagement}/getEnvoyIntegration`, {})
}

/**
 * Reads the documented `orgIntegrationV2: {envoyIntegrationInstalled, tokenValid, ...}` and
 * `warningMsg` of a `getEnvoyIntegration` answer. No `orgIntegrationV2` (or `null`) is not
 * installed; only `true` counts as installed or valid. Failures as {@link processRhombusApiResponse}.
 */
export function processGetEnvoyIntegrationResponse(
  response: UpstreamResponse,
): RhombusEnvoyIntegrationStatus {
  const json = processRhombusApiResponse(response, 'getEnvoyIntegration')
  const integration = json.orgIntegrationV2
  if (integration !== undefined && integration !== null && typeof integration !== 'object') {
    throw new BffError(
      'invalid_response',
      'Rhombus answered getEnvoyIntegration with an orgIntegrationV2 that is not an object.',
    )
  }
  const fields = (integration ?? {}) as Record<string, unknown>
  const status: RhombusEnvoyIntegrationStatus = {
    installed: fields.envoyIntegrationInstalled === true,
    tokenValid: fields.tokenValid === true,
  }
  if (typeof json.warningMsg === 'string' && json.warningMsg !== '') {
    status.warning = json.warningMsg
  }
  return status
}

/**
 * `POST {apiUrl}/api/integrations/serviceManagement/deleteEnvoyIntegrationV2` `{}` with the
 * API-key headers: removes the organisation's Envoy integration at Rhombus (Rhombus forgets
 * its Envoy tokens). Pair with {@link processRhombusApiResponse}.
 */
export function deleteEnvoyIntegrationRequest(rhombus: KeyHolder): UpstreamRequest {
  return rhombusApiKeyRequest(rhombus, `${serviceManagement}/deleteEnvoyIntegrationV2`, {})
}

/**
 * `POST {apiUrl}/api/report/getEnvoyLocations` `{}` with the API-key headers: Envoy's
 * locations read by Rhombus with its own Envoy token. Pair with
 * {@link processEnvoyLocationsResponse}.
 */
export function envoyLocationsRequest(rhombus: KeyHolder): UpstreamRequest {
  return rhombusApiKeyRequest(rhombus, 'report/getEnvoyLocations', {})
}

/**
 * The documented `locationList: [{id, name}]` of a `getEnvoyLocations` answer (numeric ids
 * as strings; entries without an id skipped). `authError: true` (Envoy refused Rhombus's
 * token) is 401 `envoy_disconnected` (as a dead direct connection); no `locationList` array `invalid_response`; other
 * failures as {@link processRhombusApiResponse}.
 */
export function processEnvoyLocationsResponse(response: UpstreamResponse): RhombusEnvoyLocation[] {
  const json = processRhombusApiResponse(response, 'getEnvoyLocations')
  if (json.authError === true) {
    throw new BffError(
      'envoy_disconnected',
      "Envoy no longer accepts Rhombus's token for this organisation's integration.",
      { hint: 'Connect Envoy through Rhombus again.' },
    )
  }
  if (!Array.isArray(json.locationList)) {
    throw new BffError(
      'invalid_response',
      'Rhombus answered getEnvoyLocations without a locationList.',
    )
  }
  return json.locationList.flatMap((entry: unknown) => {
    const { id, name } = (entry ?? {}) as Record<string, unknown>
    const key = typeof id === 'number' ? String(id) : id
    return typeof key === 'string' && key !== ''
      ? [{ id: key, name: typeof name === 'string' ? name : '' }]
      : []
  })
}

/**
 * The Envoy connection Rhombus's own integration holds for the API key's organisation:
 * `connected` only when Rhombus reports it installed and its token valid. Rhombus's warning
 * is passed on; an installed integration whose token is no longer valid says so itself when
 * Rhombus sent none.
 */
export async function rhombusEnvoyConnection(
  rhombus: KeyHolder,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  const status = processGetEnvoyIntegrationResponse(await call(getEnvoyIntegrationRequest(rhombus)))
  const connected = status.installed && status.tokenValid
  const connection: EnvoyConnection = {
    status: connected ? 'connected' : 'disconnected',
    via: 'rhombus',
  }
  const warning =
    status.warning ??
    (status.installed && !status.tokenValid
      ? "Rhombus's Envoy integration is installed, but its Envoy token is no longer valid: connect Envoy again."
      : undefined)
  if (warning !== undefined) connection.warning = warning
  return connection
}

/**
 * Removes Rhombus's Envoy integration of the key's organisation with
 * `deleteEnvoyIntegrationV2`. When Rhombus refuses, its status is read once: an integration
 * that is not installed (already removed) is success; otherwise the refusal stands.
 */
export async function disconnectRhombusEnvoy(
  rhombus: KeyHolder,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  const response = await call(deleteEnvoyIntegrationRequest(rhombus))
  try {
    processRhombusApiResponse(response, 'deleteEnvoyIntegrationV2')
  } catch (refusal) {
    if (!(refusal instanceof BffError) || refusal.code !== 'upstream_error') throw refusal
    const status = processGetEnvoyIntegrationResponse(
      await call(getEnvoyIntegrationRequest(rhombus)),
    )
    if (status.installed) throw refusal
  }
  return { status: 'disconnected', via: 'rhombus' }
}

/** The body of `initiateEnvoyOAuth`, as Rhombus's API reference gives it. */
export interface InitiateEnvoyOAuthBody {
  /** "Additional OAuth parameter" (the reference's example is a state value). */
  param: string | null
  /** Where Rhombus sends the browser back once Envoy is connected: an absolute URL of the app. */
  requestUrl: string
  /** The Rhombus user connecting, when known. */
  rhombusOrgUserUuid: string | null
}

/**
 * `POST {apiUrl}/api/integrations/serviceManagement/initiateEnvoyOAuth` with the API-key
 * headers (`x-auth-scheme: api-token`, `x-auth-apikey`) and the JSON body
 * `{param, requestUrl, rhombusOrgUserUuid}`. Pair with {@link processInitiateEnvoyOAuthResponse}.
 */
export function initiateEnvoyOAuthRequest(
  rhombus: Pick<RhombusWithApiKey, 'apiUrl' | 'apiKey'>,
  body: InitiateEnvoyOAuthBody,
): UpstreamRequest {
  return rhombusApiKeyRequest(rhombus, 'integrations/serviceManagement/initiateEnvoyOAuth', {
    param: body.param,
    requestUrl: body.requestUrl,
    rhombusOrgUserUuid: body.rhombusOrgUserUuid,
  })
}

/**
 * The `{redirectUrl, warningMsg}` of an `initiateEnvoyOAuth` answer, or a `BffError`:
 * `error: true` (even with HTTP 200) is `upstream_error` with Rhombus's `errorMsg` as
 * detail; an answer without an absolute http(s) `redirectUrl` is `invalid_response`.
 * A `warningMsg` becomes `warning`.
 */
export function processInitiateEnvoyOAuthResponse(
  response: UpstreamResponse,
): RhombusEnvoyInitiateAnswer {
  const json = processRhombusApiResponse(response, 'initiateEnvoyOAuth')
  if (parseHttpUrl(json.redirectUrl) === undefined) {
    throw new BffError(
      'invalid_response',
      'Rhombus answered initiateEnvoyOAuth without an absolute http(s) redirectUrl.',
    )
  }
  const result: RhombusEnvoyInitiateAnswer = { redirectUrl: json.redirectUrl as string }
  if (typeof json.warningMsg === 'string' && json.warningMsg !== '')
    result.warning = json.warningMsg
  return result
}
