import type { RhombusEnvoyInitiateAnswer } from '@doorway/core'
import { parseHttpUrl } from '../config/parseHttpUrl.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processRhombusApiResponse } from './processRhombusApiResponse.js'
import type { RhombusWithApiKey } from './requireRhombusApiKey.js'
import { rhombusApiKeyRequest } from './rhombusApiRequests.js'

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
