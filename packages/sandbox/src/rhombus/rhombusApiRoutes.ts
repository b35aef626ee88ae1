import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import type { RhombusState } from './createRhombusState.js'
import { authenticateRhombusCaller, checkRhombusJsonBody } from './findRhombusCaller.js'
import { rhombusApiError as apiError } from './readApiKeyRequest.js'
import { rhombusOrgFor } from './rhombusAccounts.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/**
 * The API host (api2): `POST /api/user/getUsersInOrg` with the user's access token
 * (`api-oauth-token` / `partner-api-oauth-token` + `x-auth-access-token`) or an API key
 * (`api-token` + `x-auth-apikey`) lists the caller's org's users. A partner's `x-auth-org`
 * names one of its client orgs (an org it does not manage is 403); a standard account's
 * is ignored (a partner's client orgs are listed by `rhombusOrgRoutes`). Failures are `{error: true, errorMsg}` with status 401 (authentication), 403 or 4xx.
 * Unknown paths are 404; mount this app after the other API routes.
 */
export function rhombusApiRoutes(state: RhombusState): Hono {
  return new Hono()
    .post('/api/user/getUsersInOrg', async (c) => {
      const headers = c.req.raw.headers
      const caller = authenticateRhombusCaller(state, headers)
      if (typeof caller === 'string') return apiError(401, caller)
      const bad = await checkRhombusJsonBody(c.req.raw)
      if (bad !== undefined) return apiError(bad.status, bad.errorMsg)
      const org = rhombusOrgFor(caller.account, headers.get('x-auth-org'))
      if (org === undefined) return apiError(403, errors.unknownClientOrg)
      return jsonResponse({ users: org.users })
    })
    .all('*', () => apiError(404, errors.notFound))
}
