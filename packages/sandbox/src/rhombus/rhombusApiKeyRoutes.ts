import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { checkRhombusScheme, findRhombusGrant } from './authenticateRhombusAccessToken.js'
import type { RhombusMintedApiKey, RhombusState } from './createRhombusState.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

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
 */
export function rhombusApiKeyRoutes(state: RhombusState): Hono {
  return new Hono()
    .post('/api/integrations/org/submitApiTokenApplication', (c) => mint(state, c.req.raw, false))
    .post('/api/partner/submitApiTokenApplication', (c) => mint(state, c.req.raw, true))
}

async function mint(state: RhombusState, request: Request, partnerEndpoint: boolean) {
  const headers = request.headers
  const grant = findRhombusGrant(state, headers)
  if (typeof grant === 'string') return apiError(401, grant)
  if (grant.account.partner !== partnerEndpoint) {
    return apiError(
      403,
      partnerEndpoint ? errors.notPartnerMintingEndpoint : errors.partnerMintingEndpoint,
    )
  }
  const schemeError = checkRhombusScheme(grant, headers)
  if (schemeError !== undefined) return apiError(401, schemeError)
  if (!hasMediaType(headers, 'application/json')) {
    return apiError(415, errors.unsupportedMediaType)
  }
  const body = parseJsonObject(await request.text())
  if (body === undefined) return apiError(400, errors.invalidMintBody)
  const parsed = parseMintBody(body)
  if (typeof parsed === 'string') return apiError(400, parsed)
  const key = state.mintApiKey(grant.account, parsed)
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
