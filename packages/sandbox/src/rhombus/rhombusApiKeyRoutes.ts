import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { findRhombusGrant } from './authenticateRhombusAccessToken.js'
import type { RhombusMintedApiKey, RhombusState } from './createRhombusState.js'
import { checkRhombusCallerScheme, findRhombusCaller } from './findRhombusCaller.js'
import type { RhombusAccount } from './rhombusAccounts.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/** One key in the answer of `getApiTokens` (the documented fields the sandbox knows). */
export interface RhombusApiToken {
  tokenUuid: string
  displayName: string
  orgUuid: string
  authType: RhombusMintedApiKey['authType']
  createdAtMillis: number
}

/** The answer of `getApiTokens`. */
export interface GetApiTokensResponse {
  apiTokens: RhombusApiToken[]
  error: false
  errorMsg: null
  warningMsg: null
}

/** The answer of `submitApiTokenApplication`: `cert` only for `authType: "CERT"`. */
export interface SubmitApiTokenApplicationResponse {
  apiKey: string
  cert?: string
}

const csrPattern =
  /^\s*-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (NEW )?CERTIFICATE REQUEST-----\s*$/

/**
 * API-key minting on the API host, with the user's OAuth access token:
 * `POST /api/integrations/org/submitApiTokenApplication` (`api-oauth-token`; a partner
 * account's token is HTTP 403, which is how the Rhombus CLI learns it signed in a partner)
 * and `POST /api/partner/submitApiTokenApplication` (`partner-api-oauth-token`; a
 * standard account's token is 403). Body `{displayName, authType: "API_TOKEN"}` or
 * `{displayName, authType: "CERT", csr}`; answer `{apiKey}` (CERT adds a placeholder
 * `cert`: the sandbox does no mTLS). The key then works with `api-token` + `x-auth-apikey`.
 *
 * Listing and revoking (Rhombus's OpenAPI), on the same two paths (`/api/integrations/org/…`
 * for standard accounts, `/api/partner/…` for partners; the other one is 403), with the
 * user's token or an API key:
 * - `POST …/getApiTokens` `{}` → `{apiTokens: [{tokenUuid, displayName, orgUuid, authType,
 *   createdAtMillis}]}`: the keys minted in the caller's organisation, oldest first (the
 *   sandbox's configured `apiKeys` are not listed).
 * - `POST …/revokeApiToken` `{tokenUuid}` → `{error: false}`: the key stops authenticating
 *   at once (irreversible) and is counted (`GET /__sandbox/rhombus/revocations`). A
 *   `tokenUuid` the organisation does not have is HTTP 200 with `error: true`, as Rhombus
 *   reports failures; a body of another shape is 400.
 */
export function rhombusApiKeyRoutes(state: RhombusState): Hono {
  return new Hono()
    .post('/api/integrations/org/submitApiTokenApplication', (c) => mint(state, c.req.raw, false))
    .post('/api/partner/submitApiTokenApplication', (c) => mint(state, c.req.raw, true))
    .post('/api/integrations/org/getApiTokens', (c) => list(state, c.req.raw, false))
    .post('/api/partner/getApiTokens', (c) => list(state, c.req.raw, true))
    .post('/api/integrations/org/revokeApiToken', (c) => revoke(state, c.req.raw, false))
    .post('/api/partner/revokeApiToken', (c) => revoke(state, c.req.raw, true))
}

/** How {@link readCaller} words a request to the wrong endpoint or with a bad body. */
interface CallerTexts {
  partnerEndpoint: string
  notPartnerEndpoint: string
  invalidBody: string
}

/**
 * The caller of a route with a standard and a partner path, and its JSON body, or the error
 * answer: 401 (no credential; only a token when `tokenOnly`), 403 (the other path's
 * account), 415, 400.
 */
async function readCaller(
  state: RhombusState,
  request: Request,
  partnerEndpoint: boolean,
  texts: CallerTexts,
  tokenOnly = false,
): Promise<{ account: RhombusAccount; body: Record<string, unknown> } | Response> {
  const headers = request.headers
  const found = tokenOnly ? findRhombusGrant(state, headers) : findRhombusCaller(state, headers)
  if (typeof found === 'string') return apiError(401, found)
  const caller = 'accessToken' in found ? { account: found.account, grant: found } : found
  if (caller.account.partner !== partnerEndpoint) {
    return apiError(403, partnerEndpoint ? texts.notPartnerEndpoint : texts.partnerEndpoint)
  }
  const schemeError = checkRhombusCallerScheme(caller, headers)
  if (schemeError !== undefined) return apiError(401, schemeError)
  if (!hasMediaType(headers, 'application/json')) {
    return apiError(415, errors.unsupportedMediaType)
  }
  const body = parseJsonObject(await request.text())
  if (body === undefined) return apiError(400, texts.invalidBody)
  return { account: caller.account, body }
}

const mintTexts: CallerTexts = {
  partnerEndpoint: errors.partnerMintingEndpoint,
  notPartnerEndpoint: errors.notPartnerMintingEndpoint,
  invalidBody: errors.invalidMintBody,
}

const tokenTexts: CallerTexts = {
  partnerEndpoint: errors.partnerApiTokensEndpoint,
  notPartnerEndpoint: errors.notPartnerApiTokensEndpoint,
  invalidBody: errors.invalidBody,
}

async function list(state: RhombusState, request: Request, partnerEndpoint: boolean) {
  const read = await readCaller(state, request, partnerEndpoint, tokenTexts)
  if (read instanceof Response) return read
  const orgUuid = read.account.org.uuid
  const answer: GetApiTokensResponse = {
    apiTokens: state
      .mintedApiKeys()
      .filter((key) => key.account.org.uuid === orgUuid)
      .map((key) => ({
        tokenUuid: key.tokenUuid,
        displayName: key.displayName,
        orgUuid,
        authType: key.authType,
        createdAtMillis: key.createdAt,
      })),
    error: false,
    errorMsg: null,
    warningMsg: null,
  }
  return jsonResponse(answer)
}

async function revoke(state: RhombusState, request: Request, partnerEndpoint: boolean) {
  const read = await readCaller(state, request, partnerEndpoint, tokenTexts)
  if (read instanceof Response) return read
  const { tokenUuid, ...rest } = read.body
  if (typeof tokenUuid !== 'string' || tokenUuid === '' || Object.keys(rest).length > 0) {
    return apiError(400, errors.invalidRevokeBody)
  }
  if (!state.revokeApiToken(read.account.org.uuid, tokenUuid)) {
    return jsonResponse({ error: true, errorMsg: errors.unknownApiToken, warningMsg: null })
  }
  return jsonResponse({ error: false, errorMsg: null, warningMsg: null })
}

async function mint(state: RhombusState, request: Request, partnerEndpoint: boolean) {
  const read = await readCaller(state, request, partnerEndpoint, mintTexts, true)
  if (read instanceof Response) return read
  const { account, body } = read
  const parsed = parseMintBody(body)
  if (typeof parsed === 'string') return apiError(400, parsed)
  const key = state.mintApiKey(account, parsed)
  const answer: SubmitApiTokenApplicationResponse =
    parsed.authType === 'CERT'
      ? { apiKey: key.apiKey, cert: placeholderCertificate(key) }
      : { apiKey: key.apiKey }
  return jsonResponse(answer)
}

function parseMintBody(
  body: Record<string, unknown>,
): { displayName: string; authType: RhombusMintedApiKey['authType'] } | string {
  const allowed = new Set(['displayName', 'authType', 'csr'])
  if (!Object.keys(body).every((name) => allowed.has(name))) return errors.invalidMintBody
  const { displayName, authType, csr } = body
  if (typeof displayName !== 'string' || displayName.trim() === '') {
    return errors.missingDisplayName
  }
  if (authType !== 'API_TOKEN' && authType !== 'CERT') return errors.unsupportedAuthType
  if (authType === 'CERT') {
    if (typeof csr !== 'string' || !csrPattern.test(csr)) return errors.invalidCsr
  } else if (csr !== undefined) {
    return errors.unexpectedCsr
  }
  return { displayName, authType }
}

/** Not a real certificate: PEM armour around a label, so a client can store and show it. */
function placeholderCertificate(key: RhombusMintedApiKey): string {
  const label = Buffer.from(`doorway-sandbox placeholder certificate for ${key.displayName}`)
  const lines = label.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

function apiError(status: 400 | 401 | 403 | 415, errorMsg: string): Response {
  return jsonResponse({ error: true, errorMsg }, status)
}
