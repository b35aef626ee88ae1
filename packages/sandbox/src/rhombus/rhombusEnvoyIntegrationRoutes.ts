import { Hono } from 'hono'
import { envoyPaths, envoyPrefixes } from '../envoy/envoyPrefixes.js'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { requestOrigin } from '../requestOrigin.js'
import type { SandboxFetch } from '../sandboxFetch.js'
import {
  type RhombusEnvoyConnection,
  rhombusEnvoyCallbackPath,
  rhombusEnvoyScopes,
} from './createRhombusEnvoyIntegration.js'
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

/** `orgIntegrationV2` of `getEnvoyIntegration` (the documented fields the sandbox knows). */
export interface RhombusEnvoyOrgIntegration {
  enabled: boolean
  envoyIntegrationInstalled: boolean
  /** Whether Envoy still takes the access token Rhombus holds. */
  tokenValid: boolean
  /** Envoy's locations by id; the value's shape is the sandbox's (`{name}`), as none is published. */
  locationInfoMap: Record<string, { name: string }>
  orgUuid: string
}

/** The answer of `getEnvoyIntegration`, as Rhombus's OpenAPI names it. */
export interface GetEnvoyIntegrationResponse {
  orgIntegrationV2: RhombusEnvoyOrgIntegration
  error: false
  errorMsg: null
  warningMsg: string | null
}

/** The answer of `POST /api/report/getEnvoyLocations`. */
export interface GetEnvoyLocationsResponse {
  locationList: { id: string; name: string }[]
  /** True when Envoy refused the token Rhombus holds (reconnect). */
  authError: boolean
  error: false
  errorMsg: null
  warningMsg: null
}

const base = '/api/integrations/serviceManagement'

/**
 * Rhombus's own Envoy integration on the API host, authenticated with an API key:
 * `POST …/initiateEnvoyOAuth` answers the Envoy authorize URL to send the user to (Rhombus
 * is the Envoy client and keeps the tokens), `POST …/getEnvoyIntegration` answers
 * `{orgIntegrationV2: {enabled, envoyIntegrationInstalled, tokenValid, locationInfoMap,
 * orgUuid}}` for the key's org (`tokenValid` is whether Envoy still takes Rhombus's token,
 * asked at Envoy's `GET /v1/locations` through `dispatch`; when it does not, `warningMsg`
 * says to reconnect), `POST …/deleteEnvoyIntegrationV2` `{}` removes the org's connection
 * (Rhombus forgets the Envoy tokens; HTTP 200 `error: true` when there is none), and
 * `POST /api/report/getEnvoyLocations` `{}` answers `{locationList: [{id, name}],
 * authError}` read from Envoy with Rhombus's token (`authError: true` and an empty list when
 * Envoy refuses it; HTTP 200 `error: true` when the org has no integration). Authentication failures are 401, a body that is not JSON
 * 415 or 400, all as `{error: true, errorMsg}`; an unusable but well-formed request is
 * HTTP 200 with `error: true`, as Rhombus reports failures.
 */
export function rhombusEnvoyIntegrationRoutes(state: RhombusState, dispatch: SandboxFetch): Hono {
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
      const orgUuid = request.account.org.uuid
      const connection = state.envoyIntegration.findConnection(orgUuid)
      const locations =
        connection === undefined ? undefined : await envoyLocations(c.req.raw, dispatch, connection)
      const tokenValid = locations !== undefined && locations !== 'refused'
      const answer: GetEnvoyIntegrationResponse = {
        orgIntegrationV2: {
          enabled: connection !== undefined,
          envoyIntegrationInstalled: connection !== undefined,
          tokenValid,
          locationInfoMap: Object.fromEntries(
            (tokenValid ? locations : []).map(({ id, name }) => [id, { name }]),
          ),
          orgUuid,
        },
        error: false,
        errorMsg: null,
        warningMsg: connection !== undefined && !tokenValid ? errors.envoyTokenInvalid : null,
      }
      return jsonResponse(answer)
    })
    .post(`${base}/deleteEnvoyIntegrationV2`, async (c) => {
      const request = await readApiKeyRequest(state, c.req.raw, errors)
      if (request instanceof Response) return request
      if (!state.envoyIntegration.deleteConnection(request.account.org.uuid)) {
        return jsonResponse({ error: true, errorMsg: errors.noEnvoyIntegration, warningMsg: null })
      }
      return jsonResponse({ error: false, errorMsg: null, warningMsg: null })
    })
    .post('/api/report/getEnvoyLocations', async (c) => {
      const request = await readApiKeyRequest(state, c.req.raw, errors)
      if (request instanceof Response) return request
      const connection = state.envoyIntegration.findConnection(request.account.org.uuid)
      if (connection === undefined) {
        return jsonResponse({ error: true, errorMsg: errors.noEnvoyIntegration, warningMsg: null })
      }
      const locations = await envoyLocations(c.req.raw, dispatch, connection)
      const answer: GetEnvoyLocationsResponse = {
        locationList: locations === 'refused' ? [] : locations,
        authError: locations === 'refused',
        error: false,
        errorMsg: null,
        warningMsg: null,
      }
      return jsonResponse(answer)
    })
}

/**
 * Envoy's locations read with the access token Rhombus holds (`GET /v1/locations` on the
 * sandbox's Envoy, server to server), or `refused` when Envoy does not take the token.
 */
async function envoyLocations(
  request: Request,
  dispatch: SandboxFetch,
  connection: RhombusEnvoyConnection,
): Promise<{ id: string; name: string }[] | 'refused'> {
  const response = await dispatch(
    new Request(requestOrigin(request) + envoyPrefixes.api + envoyPaths.locations, {
      headers: {
        authorization: `Bearer ${connection.accessToken}`,
        'user-agent': 'rhombus-sandbox',
      },
    }),
  )
  const json = parseJsonObject(await response.text())
  if (response.status !== 200 || !Array.isArray(json?.data)) return 'refused'
  return json.data.flatMap((item: unknown) => {
    const { id, attributes } = (item ?? {}) as { id?: unknown; attributes?: { name?: unknown } }
    return typeof id === 'string' ? [{ id, name: String(attributes?.name ?? '') }] : []
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
