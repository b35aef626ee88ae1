import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { authenticateRhombusAccessToken } from './authenticateRhombusAccessToken.js'
import { authenticateRhombusApiKey } from './authenticateRhombusApiKey.js'
import type { RhombusState } from './createRhombusState.js'
import { type RhombusAccount, rhombusOrgFor } from './rhombusAccounts.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/** One client org of a partner, as the sandbox's `POST /api/partner/getClients` lists it. */
export interface RhombusPartnerClient {
  uuid: string
  name: string
}

/**
 * The API host (api2): `POST /api/user/getUsersInOrg` with the user's access token
 * (`api-oauth-token` / `partner-api-oauth-token` + `x-auth-access-token`) or an API key
 * (`api-token` + `x-auth-apikey`). A partner's `x-auth-org` names one of its client orgs
 * (an org it does not manage is 403); a standard account's is ignored.
 * `POST /api/partner/getClients` (`{}`, a partner's token or key) lists the partner's client
 * orgs as `{clients: [{uuid, name}]}`: the endpoint is Rhombus's (its CLI calls it), the
 * answer's shape is the sandbox's own, as Rhombus does not publish it.
 * Failures are `{error: true, errorMsg}` with status 401 (authentication), 403 or 4xx.
 */
export function rhombusApiRoutes(state: RhombusState): Hono {
  return new Hono()
    .post('/api/user/getUsersInOrg', async (c) => {
      const headers = c.req.raw.headers
      const account = authenticate(state, headers)
      if (typeof account === 'string') return apiError(401, account)
      if (!hasMediaType(headers, 'application/json')) {
        return apiError(415, errors.unsupportedMediaType)
      }
      if (!isJsonObject(await c.req.text())) return apiError(400, errors.invalidBody)
      const org = rhombusOrgFor(account, headers.get('x-auth-org'))
      if (org === undefined) return apiError(403, errors.unknownClientOrg)
      return jsonResponse({ users: org.users })
    })
    .post('/api/partner/getClients', async (c) => {
      const headers = c.req.raw.headers
      const account = authenticate(state, headers)
      if (typeof account === 'string') return apiError(401, account)
      if (!account.partner) return apiError(403, errors.partnerOnly)
      if (!hasMediaType(headers, 'application/json')) {
        return apiError(415, errors.unsupportedMediaType)
      }
      if (!isJsonObject(await c.req.text())) return apiError(400, errors.invalidBody)
      const clients: RhombusPartnerClient[] = account.clientOrgs.map(({ uuid, name }) => ({
        uuid,
        name,
      }))
      return jsonResponse({ clients })
    })
    .all('*', () => apiError(404, errors.notFound))
}

/**
 * An API key when the scheme is `api-token` and `x-auth-apikey` is sent; otherwise an
 * OAuth access token (whose check names the token schemes).
 */
function authenticate(state: RhombusState, headers: Headers): RhombusAccount | string {
  if (headers.get('x-auth-scheme') === 'api-token' && headers.has('x-auth-apikey')) {
    return authenticateRhombusApiKey(state, headers)
  }
  const grant = authenticateRhombusAccessToken(state, headers)
  return typeof grant === 'string' ? grant : grant.account
}

function isJsonObject(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

function apiError(status: 400 | 401 | 403 | 404 | 415, errorMsg: string): Response {
  return jsonResponse({ error: true, errorMsg }, status)
}
