import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import type { RhombusState } from './createRhombusState.js'
import { authenticateRhombusCaller, checkRhombusJsonBody } from './findRhombusCaller.js'
import { rhombusApiError as apiError } from './readApiKeyRequest.js'
import { rhombusOrgFor } from './rhombusAccounts.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/** One client org of a partner, as the sandbox's `POST /api/partner/getClients` lists it. */
export interface RhombusPartnerClient {
  uuid: string
  name: string
}

/**
 * The API host (api2): `POST /api/user/getUsersInOrg` with the user's access token
 * (`api-oauth-token` / `partner-api-oauth-token` + `x-auth-access-token`) or an API key
 * (`api-token` + `x-auth-apikey`) lists the caller's org's users. A partner's `x-auth-org`
 * names one of its client orgs (an org it does not manage is 403); a standard account's
 * is ignored. `POST /api/partner/getClients` (`{}`, a partner's token or key) lists the
 * partner's client orgs as `{clients: [{uuid, name}]}`: the endpoint is Rhombus's (its
 * CLI calls it), the answer's shape is the sandbox's own, as Rhombus does not publish it.
 * Failures are `{error: true, errorMsg}` with status 401 (authentication), 403 or 4xx.
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
    .post('/api/partner/getClients', async (c) => {
      const caller = authenticateRhombusCaller(state, c.req.raw.headers)
      if (typeof caller === 'string') return apiError(401, caller)
      if (!caller.account.partner) return apiError(403, errors.partnerOnly)
      const bad = await checkRhombusJsonBody(c.req.raw)
      if (bad !== undefined) return apiError(bad.status, bad.errorMsg)
      const clients: RhombusPartnerClient[] = caller.account.clientOrgs.map(({ uuid, name }) => ({
        uuid,
        name,
      }))
      return jsonResponse({ clients })
    })
    .all('*', () => apiError(404, errors.notFound))
}
