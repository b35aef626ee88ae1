import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { verifiesS256 } from '../pkce.js'
import type { RhombusState, TokenGrant } from './createRhombusState.js'
import {
  isPublicRhombusClient,
  type RhombusClient,
  type RhombusTokenEndpointAuthMethod,
} from './rhombusClient.js'
import { rhombusOAuth2Errors as errors } from './rhombusErrorTexts.js'

/** The `scope` the sandbox grants; Rhombus documents none, so this one is the sandbox's. */
export const rhombusSandboxScope = 'api'

type Failure = { status: 400 | 401 | 415; error: string; description: string }

/** The RFC 6749 §5.1 answer, with the fields the Rhombus CLI reads. */
interface TokenResponse {
  access_token: string
  refresh_token: string
  token_type: 'Bearer'
  expires_in: number
  scope: string
}

/**
 * The `oauth2` dialect's token host (auth-web): `POST /oauth/token`, form-encoded,
 * answered as RFC 6749 §5.1 or §5.2. Two grants: an authorization code with PKCE
 * (§4.1.3, RFC 7636 §4.5), and a refresh token (§6) as the newest Rhombus CLI uses it,
 * with rotation: the presented refresh token is spent at once and the answer carries a
 * new one; presenting a spent one again is `invalid_grant`. A confidential client
 * authenticates with HTTP Basic or `client_secret_post`, a public one sends `client_id`
 * alone. Code exchanges and refreshes are counted ({@link RhombusState.tokenStats}).
 */
export function rhombusOAuth2TokenRoutes(state: RhombusState): Hono {
  return new Hono().post('/oauth/token', async (c) => {
    const headers = c.req.raw.headers
    const result = token(state, headers, await c.req.text())
    if ('status' in result) {
      return jsonResponse(
        { error: result.error, error_description: result.description },
        result.status,
        // RFC 9110 §15.5.2: a 401 names the scheme that would be accepted.
        result.status === 401
          ? { 'www-authenticate': 'Basic realm="rhombus-sandbox", charset="UTF-8"' }
          : {},
      )
    }
    return jsonResponse(result)
  })
}

function fail(status: Failure['status'], error: string, description: string): Failure {
  return { status, error, description }
}

function token(state: RhombusState, headers: Headers, body: string): Failure | TokenResponse {
  if (!hasMediaType(headers, 'application/x-www-form-urlencoded')) {
    return fail(415, 'invalid_request', errors.unsupportedMediaType)
  }
  const form = new URLSearchParams(body)
  const grantType = form.get('grant_type')
  if (grantType === 'authorization_code') state.countTokenRequest('codeExchanges')
  if (grantType !== 'refresh_token') return grant(state, headers, form)
  state.countTokenRequest('refreshes')
  const result = grant(state, headers, form)
  if ('status' in result) state.countTokenRequest('refusedRefreshes')
  return result
}

function grant(
  state: RhombusState,
  headers: Headers,
  form: URLSearchParams,
): Failure | TokenResponse {
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) return fail(400, 'invalid_request', errors.repeatedParameter)
  }
  const client = authenticateClient(state, headers, form)
  if ('status' in client) return client

  const grantType = form.get('grant_type')
  if (grantType === null) return fail(400, 'invalid_request', errors.missingGrantType)
  if (grantType === 'authorization_code') return exchangeCode(state, client, form)
  if (grantType === 'refresh_token') return refresh(state, client, form)
  return fail(400, 'unsupported_grant_type', errors.unsupportedGrantType)
}

/**
 * RFC 6749 §2.3: exactly one of HTTP Basic and `client_secret_post` for a confidential
 * client, `client_id` alone for a public one (RFC 7591 `none`).
 */
function authenticateClient(
  state: RhombusState,
  headers: Headers,
  form: URLSearchParams,
): Failure | RhombusClient {
  const authorization = headers.get('authorization')
  const formClientId = form.get('client_id')
  const formSecret = form.get('client_secret')
  let credentials: { clientId: string; secret?: string; method: RhombusTokenEndpointAuthMethod }
  if (authorization !== null) {
    if (formSecret !== null) return fail(400, 'invalid_request', errors.multipleClientAuth)
    const basic = parseBasic(authorization)
    if (basic === undefined) return fail(401, 'invalid_client', errors.malformedBasic)
    if (formClientId !== null && formClientId !== basic.clientId) {
      return fail(400, 'invalid_request', errors.clientIdMismatch)
    }
    credentials = { ...basic, method: 'client_secret_basic' }
  } else if (formClientId !== null && formSecret !== null) {
    credentials = { clientId: formClientId, secret: formSecret, method: 'client_secret_post' }
  } else if (formClientId !== null) {
    credentials = { clientId: formClientId, method: 'none' }
  } else {
    return fail(401, 'invalid_client', errors.noClientAuth)
  }

  const client = state.findClient(credentials.clientId)
  if (client === undefined) return fail(401, 'invalid_client', errors.unknownClient)
  if (isPublicRhombusClient(client)) {
    return credentials.method === 'none'
      ? client
      : fail(401, 'invalid_client', errors.publicClientSecret)
  }
  if (credentials.method === 'none') return fail(401, 'invalid_client', errors.noClientAuth)
  const allowed = client.tokenEndpointAuthMethod
  if (allowed !== undefined && allowed !== credentials.method) {
    const text = allowed === 'client_secret_post' ? errors.basicNotAllowed : errors.postNotAllowed
    return fail(401, 'invalid_client', text)
  }
  if (credentials.secret !== client.clientSecret) {
    return fail(401, 'invalid_client', errors.wrongSecret)
  }
  return client
}

function exchangeCode(
  state: RhombusState,
  client: RhombusClient,
  form: URLSearchParams,
): Failure | TokenResponse {
  const code = form.get('code')
  const redirectUri = form.get('redirect_uri')
  const verifier = form.get('code_verifier')
  if (!code || !redirectUri || !verifier) {
    return fail(400, 'invalid_request', errors.missingParameter)
  }

  const lookup = state.takeCode('oauth2', code)
  if (!lookup.found) {
    return fail(
      400,
      'invalid_grant',
      lookup.issuedBy ? errors.wrongDialectCode : errors.invalidCode,
    )
  }
  const issued = lookup.code
  if (issued.clientId !== client.clientId) {
    return fail(400, 'invalid_grant', errors.codeClientMismatch)
  }
  if (state.now() >= issued.expiresAt) return fail(400, 'invalid_grant', errors.codeExpired)
  if (redirectUri !== issued.redirectUri) {
    return fail(400, 'invalid_grant', errors.redirectUriMismatch)
  }
  if (!verifiesS256(verifier, issued.codeChallenge)) {
    return fail(400, 'invalid_grant', errors.pkceMismatch)
  }
  return tokenResponse(state, state.issueTokens(client.clientId, issued.account.id, 'oauth2'))
}

/**
 * RFC 6749 §6 with rotation (RFC 9700 §4.14.2): a live refresh token of this client is
 * spent and replaced. An unknown, spent, revoked, legacy or other client's token is
 * `invalid_grant` and is left as it was.
 */
function refresh(
  state: RhombusState,
  client: RhombusClient,
  form: URLSearchParams,
): Failure | TokenResponse {
  const refreshToken = form.get('refresh_token')
  if (!refreshToken) return fail(400, 'invalid_request', errors.missingRefreshToken)
  const scope = form.get('scope')
  if (scope !== null && scope !== rhombusSandboxScope) {
    return fail(400, 'invalid_scope', errors.invalidScope)
  }
  const record = state.findRefreshToken(refreshToken)
  if (record === undefined) return fail(400, 'invalid_grant', errors.unknownRefreshToken)
  if (record.status === 'used') {
    state.countTokenRequest('reusedRefreshTokens')
    return fail(400, 'invalid_grant', errors.reusedRefreshToken)
  }
  if (record.status === 'revoked') return fail(400, 'invalid_grant', errors.revokedRefreshToken)
  if (record.dialect === 'legacy') return fail(400, 'invalid_grant', errors.legacyRefreshToken)
  if (record.clientId !== client.clientId) {
    return fail(400, 'invalid_grant', errors.refreshTokenClientMismatch)
  }
  const rotated = state.rotateRefreshToken(refreshToken)
  if (rotated === undefined) return fail(400, 'invalid_grant', errors.reusedRefreshToken)
  return tokenResponse(state, rotated)
}

function tokenResponse(state: RhombusState, grant: TokenGrant): TokenResponse {
  return {
    access_token: grant.accessToken,
    refresh_token: grant.refreshToken,
    token_type: 'Bearer',
    expires_in: state.tokenTtlSeconds,
    scope: rhombusSandboxScope,
  }
}

/**
 * RFC 6749 §2.3.1: `Basic base64(urlencode(id) ":" urlencode(secret))`, each part
 * form-urlencoded before encoding, so a `:` or `+` in a secret survives.
 */
function parseBasic(header: string): { clientId: string; secret: string } | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim())
  if (match === null) return undefined
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  try {
    return {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    }
  } catch {
    return undefined
  }
}

function formDecode(value: string): string {
  return decodeURIComponent(value.replaceAll('+', ' '))
}
