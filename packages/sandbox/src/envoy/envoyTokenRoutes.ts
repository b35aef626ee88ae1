import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import type { EnvoyState, EnvoyTokenPair } from './createEnvoyState.js'
import type { EnvoyClient } from './envoyClient.js'
import { envoyTokenErrors as errors } from './envoyErrorTexts.js'
import { envoyPaths } from './envoyPrefixes.js'

/** The scope without which a connection's refresh token cannot be used. */
const refreshScope = 'token.refresh'

type Failure = { status: 400 | 401 | 415; error: string; description: string }

/** Envoy's token response, field for field as its guide shows it. */
export interface EnvoyTokenResponse {
  token_type: 'Bearer'
  access_token: string
  expires_in: number
  refresh_token: string
  refresh_token_expires_in: number
  state: null
  company_id: string
}

/**
 * The token side of the app host: `POST /a/auth/v0/token` with a JSON body, for the
 * `authorization_code` and `refresh_token` grants exactly as Envoy's guide shows them.
 * Errors are RFC 6749 §5.2 `{error, error_description}`.
 */
export function envoyTokenRoutes(state: EnvoyState): Hono {
  return new Hono().post(envoyPaths.token, async (c) => {
    const result = exchange(state, c.req.raw.headers, await c.req.text())
    if ('status' in result) {
      return jsonResponse(
        { error: result.error, error_description: result.description },
        result.status,
      )
    }
    return jsonResponse(result)
  })
}

function fail(status: Failure['status'], error: string, description: string): Failure {
  return { status, error, description }
}

function exchange(state: EnvoyState, headers: Headers, body: string): Failure | EnvoyTokenResponse {
  if (!hasMediaType(headers, 'application/json')) {
    return fail(415, 'invalid_request', errors.unsupportedMediaType)
  }
  const request = parseJsonObject(body)
  if (request === undefined) return fail(400, 'invalid_request', errors.invalidBody)
  const field = (name: string) => {
    const value = request[name]
    return typeof value === 'string' && value !== '' ? value : undefined
  }

  const grantType = request.grant_type
  if (grantType === undefined) return fail(400, 'invalid_request', errors.missingGrantType)
  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    return fail(400, 'unsupported_grant_type', errors.unsupportedGrantType)
  }

  const clientId = field('client_id')
  const clientSecret = field('client_secret')
  if (clientId === undefined || clientSecret === undefined) {
    return fail(401, 'invalid_client', errors.noClientAuth)
  }
  const client = state.findClient(clientId)
  if (client === undefined) return fail(401, 'invalid_client', errors.unknownClient)
  if (clientSecret !== client.clientSecret) return fail(401, 'invalid_client', errors.wrongSecret)

  return grantType === 'authorization_code'
    ? redeemCode(state, client, field('code'))
    : refresh(state, client, field('refresh_token'))
}

function redeemCode(
  state: EnvoyState,
  client: EnvoyClient,
  value: string | undefined,
): Failure | EnvoyTokenResponse {
  if (value === undefined) return fail(400, 'invalid_request', errors.missingCode)
  const code = state.takeCode(value)
  if (code === undefined) return fail(400, 'invalid_grant', errors.invalidCode)
  if (code.clientId !== client.clientId)
    return fail(400, 'invalid_grant', errors.codeClientMismatch)
  if (state.now() >= code.expiresAt) return fail(400, 'invalid_grant', errors.codeExpired)
  return tokenResponse(state, state.connect(code))
}

function refresh(
  state: EnvoyState,
  client: EnvoyClient,
  value: string | undefined,
): Failure | EnvoyTokenResponse {
  if (value === undefined) return fail(400, 'invalid_request', errors.missingRefreshToken)
  const lookup = state.findRefreshToken(value)
  if (!lookup.found) {
    const description = {
      unknown: errors.invalidRefreshToken,
      rotated: errors.refreshTokenRotated,
      revoked: errors.refreshTokenRevoked,
    }[lookup.reason]
    return fail(400, 'invalid_grant', description)
  }
  const { refreshToken } = lookup
  const { connection } = refreshToken
  if (connection.clientId !== client.clientId) {
    return fail(400, 'invalid_grant', errors.refreshTokenClientMismatch)
  }
  if (state.now() >= refreshToken.expiresAt) {
    return fail(400, 'invalid_grant', errors.refreshTokenExpired)
  }
  if (!connection.scopes.includes(refreshScope)) {
    return fail(400, 'invalid_grant', errors.refreshScopeMissing)
  }
  return tokenResponse(state, state.rotate(refreshToken))
}

function tokenResponse(state: EnvoyState, tokens: EnvoyTokenPair): EnvoyTokenResponse {
  return {
    token_type: 'Bearer',
    access_token: tokens.accessToken.token,
    expires_in: state.accessTokenTtlSeconds,
    refresh_token: tokens.refreshToken.token,
    refresh_token_expires_in: state.refreshTokenTtlSeconds,
    state: null,
    company_id: tokens.accessToken.connection.companyId,
  }
}
