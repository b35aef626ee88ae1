import { Hono } from 'hono'
import { envoyPaths, envoyPrefixes } from '../envoy/envoyPrefixes.js'
import { jsonResponse } from '../jsonResponse.js'
import { requestOrigin } from '../requestOrigin.js'
import { rhombusEnvoyCallbackPath, rhombusEnvoyScopes } from './createRhombusEnvoyIntegration.js'
import type { RhombusState } from './createRhombusState.js'
import { readApiKeyRequest, rhombusApiError } from './readApiKeyRequest.js'
import { rhombusEnvoyIntegrationErrors as errors } from './rhombusErrorTexts.js'

/**
 * Values of `param` that make `initiateEnvoyOAuth` answer as Rhombus does when something
 * is off, for tests: `error` → HTTP 200 with `error: true` and an `errorMsg`; `warning` →
 * a working `redirectUrl` with a `warningMsg`.
 */
export const rhombusEnvoySandboxParams = {
  error: 'sandbox-error',
  warning: 'sandbox-warning',
} as const

/** The answer of `initiateEnvoyOAuth`, as Rhombus's API reference shows it. */
export interface InitiateEnvoyOAuthResponse {
  redirectUrl: string | null
  error: boolean
  errorMsg: string | null
  warningMsg: string | null
}

/**
 * The sandbox's answer of `getEnvoyIntegration`. The real body is not in our notes, so
 * this shape is the sandbox's choice: whether the org holds an Envoy connection, and for
 * which Envoy company.
 */
export interface GetEnvoyIntegrationResponse {
  enabled: boolean
  companyId: string | null
  error: false
  errorMsg: null
}

const base = '/api/integrations/serviceManagement'

/**
 * Rhombus's own Envoy integration on the API host, authenticated with an API key:
 * `POST …/initiateEnvoyOAuth` answers the Envoy authorize URL to send the user to (Rhombus
 * is the Envoy client and keeps the tokens), `POST …/getEnvoyIntegration` tells whether
 * the key's org is connected. Authentication failures are 401, a body that is not JSON
 * 415 or 400, all as `{error: true, errorMsg}`; an unusable but well-formed request is
 * HTTP 200 with `error: true`, as Rhombus reports failures.
 */
export function rhombusEnvoyIntegrationRoutes(state: RhombusState): Hono {
  return new Hono()
    .post(`${base}/initiateEnvoyOAuth`, async (c) => {
      const request = await readApiKeyRequest(state, c.req.raw, errors)
      if (request instanceof Response) return request
      const { account, body } = request
      const field = (name: string) => body[name]
      const fields = ['param', 'requestUrl', 'rhombusOrgUserUuid'].map(field)
      if (
        !fields.every((value) => value === undefined || value === null || typeof value === 'string')
      ) {
        return rhombusApiError(400, errors.invalidInitiateBody)
      }
      const [param = null, requestUrl, userUuid = null] = fields as Array<string | null | undefined>

      if (!isHttpUrl(requestUrl)) return failure(errors.missingRequestUrl)
      if (userUuid !== null && !account.org.users.some((user) => user.uuid === userUuid)) {
        return failure(errors.unknownOrgUser)
      }
      if (param === rhombusEnvoySandboxParams.error) return failure(errors.sandboxError)

      const initiation = state.envoyIntegration.openInitiation({
        orgUuid: account.org.uuid,
        requestUrl,
        param,
        rhombusOrgUserUuid: userUuid,
      })
      const origin = requestOrigin(c.req.raw)
      const authorize = new URL(origin + envoyPrefixes.app + envoyPaths.authorize)
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: state.envoyIntegration.envoyClient.clientId,
        redirect_uri: origin + rhombusEnvoyCallbackPath,
        scope: rhombusEnvoyScopes.join(' '),
        state: initiation.state,
      }).toString()
      const answer: InitiateEnvoyOAuthResponse = {
        redirectUrl: authorize.href,
        error: false,
        errorMsg: null,
        warningMsg: param === rhombusEnvoySandboxParams.warning ? errors.sandboxWarning : null,
      }
      return jsonResponse(answer)
    })
    .post(`${base}/getEnvoyIntegration`, async (c) => {
      const request = await readApiKeyRequest(state, c.req.raw, errors)
      if (request instanceof Response) return request
      const connection = state.envoyIntegration.findConnection(request.account.org.uuid)
      const answer: GetEnvoyIntegrationResponse = {
        enabled: connection !== undefined,
        companyId: connection?.companyId ?? null,
        error: false,
        errorMsg: null,
      }
      return jsonResponse(answer)
    })
}

function isHttpUrl(value: string | null | undefined): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false
  const { protocol } = new URL(value)
  return protocol === 'http:' || protocol === 'https:'
}

/** A failure as Rhombus reports it: HTTP 200, `error: true`. */
function failure(errorMsg: string): Response {
  const answer: InitiateEnvoyOAuthResponse = {
    redirectUrl: null,
    error: true,
    errorMsg,
    warningMsg: null,
  }
  return jsonResponse(answer)
}
