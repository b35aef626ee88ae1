import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { verifiesS256 } from '../pkce.js'
import type { RhombusState } from './createRhombusState.js'
import { isPublicRhombusClient } from './rhombusClient.js'
import { rhombusLegacyErrors as errors } from './rhombusErrorTexts.js'

/** The body of the guide's token request, field for field. */
const fields = [
  'grantType',
  'authorizationCode',
  'clientId',
  'clientSecret',
  'redirectUri',
  'codeVerifier',
  'codeChallengeType',
] as const

type LegacyTokenRequest = Record<(typeof fields)[number], string>

type Failure = { status: 400 | 401 | 415; errorMsg: string }

/** The guide's success answer. */
interface LegacyTokenResponse {
  accessToken: string
  refreshToken: string
  accessTokenExpirationSec: number
}

/**
 * The legacy dialect's token host (auth): `POST /oauth/token` exactly as the published
 * PKCE guide shows it: a JSON body with `x-auth-scheme: web2`, answered
 * `{accessToken, refreshToken, accessTokenExpirationSec}` or `{error: true, errorMsg}`.
 * The guide calls refreshing unsupported: a refresh request (`grantType` `REFRESH_TOKEN`
 * or a `refreshToken` field) is a 400 saying so, and the `refreshToken` it hands out is
 * refused by the oauth2 endpoint too.
 */
export function rhombusLegacyTokenRoutes(state: RhombusState): Hono {
  return new Hono().post('/oauth/token', async (c) => {
    const result = exchange(state, c.req.raw.headers, await c.req.text())
    if ('status' in result) {
      return jsonResponse({ error: true, errorMsg: result.errorMsg }, result.status)
    }
    return jsonResponse(result)
  })
}

function exchange(
  state: RhombusState,
  headers: Headers,
  body: string,
): Failure | LegacyTokenResponse {
  const fail = (status: Failure['status'], errorMsg: string): Failure => ({ status, errorMsg })
  if (!hasMediaType(headers, 'application/json')) return fail(415, errors.unsupportedMediaType)
  const object = parseJsonObject(body)
  if (object?.grantType === 'AUTHORIZATION_CODE') state.countTokenRequest('codeExchanges')
  if (headers.get('x-auth-scheme') !== 'web2') return fail(401, errors.wrongAuthScheme)
  if (object !== undefined && isRefreshRequest(object)) return fail(400, errors.refreshUnsupported)
  const request = parseBody(body)
  if (request === undefined) return fail(400, errors.invalidBody)
  if (request.grantType !== 'AUTHORIZATION_CODE') return fail(400, errors.unsupportedGrantType)
  if (request.codeChallengeType !== 'S256') return fail(400, errors.unsupportedChallengeType)

  const client = state.findClient(request.clientId)
  if (client === undefined) return fail(401, errors.unknownClient)
  if (isPublicRhombusClient(client)) return fail(401, errors.publicClient)
  if (request.clientSecret !== client.clientSecret) return fail(401, errors.invalidClientSecret)

  const lookup = state.takeCode('legacy', request.authorizationCode)
  if (!lookup.found) {
    return fail(400, lookup.issuedBy ? errors.wrongDialectCode : errors.invalidCode)
  }
  const issued = lookup.code
  if (issued.clientId !== client.clientId) return fail(400, errors.codeClientMismatch)
  if (state.now() >= issued.expiresAt) return fail(400, errors.codeExpired)
  if (request.redirectUri !== issued.redirectUri) return fail(400, errors.redirectUriMismatch)
  if (!verifiesS256(request.codeVerifier, issued.codeChallenge)) {
    return fail(400, errors.pkceMismatch)
  }

  const grant = state.issueTokens(client.clientId, issued.account.id, 'legacy')
  return {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    accessTokenExpirationSec: state.tokenTtlSeconds,
  }
}

/** A JSON object asking for a refresh in the guide's naming (or a near miss of it). */
function isRefreshRequest(value: Record<string, unknown>): boolean {
  const { grantType } = value
  return (
    'refreshToken' in value ||
    (typeof grantType === 'string' && /^refresh_?token$/i.test(grantType))
  )
}

/** The body as the guide's exact object: every field a string, nothing else. */
function parseBody(body: string): LegacyTokenRequest | undefined {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
  const exact =
    keys.length === fields.length && fields.every((field) => typeof record[field] === 'string')
  return exact ? (record as LegacyTokenRequest) : undefined
}
