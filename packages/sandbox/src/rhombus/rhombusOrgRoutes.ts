import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import { requestOrigin } from '../requestOrigin.js'
import { rhombusAccessTokenSchemes } from './authenticateRhombusAccessToken.js'
import type { RhombusState } from './createRhombusState.js'
import {
  authenticateRhombusCaller,
  checkRhombusCallerScheme,
  checkRhombusJsonBody,
  findRhombusCaller,
} from './findRhombusCaller.js'
import { rhombusApiError as apiError } from './readApiKeyRequest.js'
import { rhombusOrgFor } from './rhombusAccounts.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'
import { rhombusPrefixes } from './rhombusPrefixes.js'

/** The fields every Rhombus answer carries; these say it worked. */
interface RhombusOk {
  error: false
  errorMsg: null
  warningMsg: null
}

const ok: RhombusOk = { error: false, errorMsg: null, warningMsg: null }

/** The answer of `POST /api/org/getOrgV2` (the fields the sandbox knows). */
export interface GetOrgV2Response extends RhombusOk {
  org: { uuid: string; name: string }
}

/** The answer of `POST /api/permission/getPermissionsForCurrentUser`. */
export interface GetPermissionsForCurrentUserResponse extends RhombusOk {
  superAdmin: boolean
  permissionGroupName: string
}

/** One client org in the answer of `POST /api/partner/getClientsV2` (basic info). */
export interface RhombusClientOrgV2 {
  clientOrgUuid: string
  clientOrgName: string
  clientAccessAllowed: boolean
  /** The partner's org. */
  authorityUuid: string
  createdAtMillis: number
}

/** One client org in the answer of `POST /api/partner/getClients`: V2's fields and more. */
export interface RhombusClientOrg extends RhombusClientOrgV2 {
  /** Where the partner opens the client's account in the console. */
  clientAccountAccessUrl: string
}

/** The answer of `POST /api/partner/getClientsV2`. */
export interface GetClientsV2Response extends RhombusOk {
  clients: RhombusClientOrgV2[]
}

/** The answer of `POST /api/partner/getClients`. */
export interface GetClientsResponse extends RhombusOk {
  clients: RhombusClientOrg[]
}

/** When the sandbox's client orgs were made: fixed, so answers are stable. */
const clientOrgsCreatedAt = Date.UTC(2025, 0, 1)

/**
 * Who the caller is, on the API host (documented in Rhombus's OpenAPI; all `POST` with body
 * `{}`, a token or an API key):
 * - `/api/org/getOrgV2` → `{org: {uuid, name}}`, the caller's org (a partner's client org
 *   with `x-auth-org`). A partner's token with `api-oauth-token` is 403: that is how the
 *   Rhombus CLI tells a partner sign-in, then confirmed with `getClientsV2`.
 * - `/api/permission/getPermissionsForCurrentUser` → `{superAdmin, permissionGroupName}` of
 *   the signed-in user (an API key: of the account it acts as).
 * - `/api/partner/getClients` and `/api/partner/getClientsV2` (basic info) → `{clients:
 *   [{clientOrgUuid, clientOrgName, clientAccessAllowed, authorityUuid, createdAtMillis}]}`
 *   for a partner (a subset of the documented fields; `getClients` adds
 *   `clientAccountAccessUrl`); any other account is 403.
 * Answers carry `error: false, errorMsg: null, warningMsg: null`; failures are
 * `{error: true, errorMsg}` with status 401, 403, 415 or 400.
 */
export function rhombusOrgRoutes(state: RhombusState): Hono {
  return new Hono()
    .post('/api/org/getOrgV2', async (c) => {
      const headers = c.req.raw.headers
      const caller = findRhombusCaller(state, headers)
      if (typeof caller === 'string') return apiError(401, caller)
      if (
        caller.grant !== undefined &&
        caller.account.partner &&
        headers.get('x-auth-scheme') === rhombusAccessTokenSchemes.standard
      ) {
        return apiError(403, errors.partnerOrgWithStandardScheme)
      }
      const schemeError = checkRhombusCallerScheme(caller, headers)
      if (schemeError !== undefined) return apiError(401, schemeError)
      const bad = await checkRhombusJsonBody(c.req.raw)
      if (bad !== undefined) return apiError(bad.status, bad.errorMsg)
      const org = rhombusOrgFor(caller.account, headers.get('x-auth-org'))
      if (org === undefined) return apiError(403, errors.unknownClientOrg)
      const answer: GetOrgV2Response = { ...ok, org: { uuid: org.uuid, name: org.name } }
      return jsonResponse(answer)
    })
    .post('/api/permission/getPermissionsForCurrentUser', async (c) => {
      const headers = c.req.raw.headers
      const caller = authenticateRhombusCaller(state, headers)
      if (typeof caller === 'string') return apiError(401, caller)
      const bad = await checkRhombusJsonBody(c.req.raw)
      if (bad !== undefined) return apiError(bad.status, bad.errorMsg)
      if (rhombusOrgFor(caller.account, headers.get('x-auth-org')) === undefined) {
        return apiError(403, errors.unknownClientOrg)
      }
      const { superAdmin, permissionGroupName } = caller.account
      const answer: GetPermissionsForCurrentUserResponse = {
        ...ok,
        superAdmin,
        permissionGroupName,
      }
      return jsonResponse(answer)
    })
    .post('/api/partner/getClients', async (c) => {
      const listed = await listClients(state, c.req.raw, errors.partnerOnly)
      if (listed instanceof Response) return listed
      const consoleUrl = `${requestOrigin(c.req.raw)}${rhombusPrefixes.console}`
      const answer: GetClientsResponse = {
        ...ok,
        clients: listed.map((client) => ({
          ...client,
          clientAccountAccessUrl: `${consoleUrl}/org/${encodeURIComponent(client.clientOrgUuid)}`,
        })),
      }
      return jsonResponse(answer)
    })
    .post('/api/partner/getClientsV2', async (c) => {
      const listed = await listClients(state, c.req.raw, errors.partnerOnlyV2)
      if (listed instanceof Response) return listed
      const answer: GetClientsV2Response = { ...ok, clients: listed }
      return jsonResponse(answer)
    })
}

/** A partner's client orgs in V2's shape, or the error answer (401, 403, 415, 400). */
async function listClients(
  state: RhombusState,
  request: Request,
  notPartner: string,
): Promise<RhombusClientOrgV2[] | Response> {
  const headers = request.headers
  const caller = findRhombusCaller(state, headers)
  if (typeof caller === 'string') return apiError(401, caller)
  if (!caller.account.partner) return apiError(403, notPartner)
  const schemeError = checkRhombusCallerScheme(caller, headers)
  if (schemeError !== undefined) return apiError(401, schemeError)
  const bad = await checkRhombusJsonBody(request)
  if (bad !== undefined) return apiError(bad.status, bad.errorMsg)
  const { account } = caller
  return account.clientOrgs.map((org) => ({
    clientOrgUuid: org.uuid,
    clientOrgName: org.name,
    clientAccessAllowed: true,
    authorityUuid: account.org.uuid,
    createdAtMillis: clientOrgsCreatedAt,
  }))
}
