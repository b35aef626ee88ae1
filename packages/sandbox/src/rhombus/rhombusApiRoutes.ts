import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import type { RhombusState, TokenGrant } from './createRhombusState.js'
import { rhombusApiErrors as errors } from './rhombusErrorTexts.js'

/** The API schemes an OAuth access token may use, by whether its account is a partner. */
const schemes = { standard: 'api-oauth-token', partner: 'partner-api-oauth-token' } as const

/**
 * The API host (api2): `POST /api/user/getUsersInOrg` with the user's access token.
 * Failures are `{error: true, errorMsg}` with status 401 (authentication) or 4xx.
 * A partner's `x-auth-org` header is accepted and, for now, ignored.
 */
export function rhombusApiRoutes(state: RhombusState): Hono {
  return new Hono()
    .post('/api/user/getUsersInOrg', async (c) => {
      const grant = authenticate(state, c.req.raw.headers)
      if (typeof grant === 'string') return apiError(401, grant)
      if (!hasMediaType(c.req.raw.headers, 'application/json')) {
        return apiError(415, errors.unsupportedMediaType)
      }
      if (!isJsonObject(await c.req.text())) return apiError(400, errors.invalidBody)
      return jsonResponse({ users: grant.account.org.users })
    })
    .all('*', () => apiError(404, errors.notFound))
}

function authenticate(state: RhombusState, headers: Headers): TokenGrant | string {
  const scheme = headers.get('x-auth-scheme')
  if (scheme !== schemes.standard && scheme !== schemes.partner) return errors.unsupportedAuthScheme
  const token = headers.get('x-auth-access-token')
  if (token === null || token === '') return errors.missingAccessToken
  const grant = state.findAccessToken(token)
  if (grant === undefined) return errors.invalidAccessToken
  if (state.now() >= grant.expiresAt) return errors.expiredAccessToken
  const expected = grant.account.partner ? schemes.partner : schemes.standard
  if (scheme !== expected) {
    return grant.account.partner ? errors.partnerSchemeRequired : errors.standardSchemeRequired
  }
  return grant
}

function isJsonObject(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

function apiError(status: 400 | 401 | 404 | 415, errorMsg: string): Response {
  return jsonResponse({ error: true, errorMsg }, status)
}
