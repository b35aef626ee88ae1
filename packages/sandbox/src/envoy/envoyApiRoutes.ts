import { Hono } from 'hono'
import { bearerToken } from '../bearerToken.js'
import { jsonResponse } from '../jsonResponse.js'
import type { EnvoyState, EnvoyToken } from './createEnvoyState.js'
import { envoyApiErrors as errors } from './envoyErrorTexts.js'
import { envoyPaths } from './envoyPrefixes.js'

/**
 * The API host (api.envoy.com): `GET /v1/locations` with `Authorization: Bearer
 * <access_token>`, answered JSON:API style like Envoy's public API. Failures are JSON:API
 * error objects; a 401 or 403 also names the problem in `WWW-Authenticate` (RFC 6750 §3).
 */
export function envoyApiRoutes(state: EnvoyState): Hono {
  return new Hono()
    .get(envoyPaths.locations, (c) => {
      const token = authenticate(state, c.req.raw.headers)
      if (typeof token === 'string') {
        // RFC 6750 §3.1: a request without credentials gets no error code.
        const challenge =
          token === errors.missingToken
            ? 'Bearer realm="envoy-sandbox"'
            : 'Bearer realm="envoy-sandbox", error="invalid_token"'
        return apiError(401, token, challenge)
      }
      if (!token.connection.scopes.includes('locations.read')) {
        return apiError(
          403,
          errors.insufficientScope,
          'Bearer realm="envoy-sandbox", error="insufficient_scope", scope="locations.read"',
        )
      }
      return jsonResponse({
        data: state.company.locations.map(({ id, ...attributes }) => ({
          id,
          type: 'locations',
          attributes,
          relationships: { company: { data: { id: state.company.id, type: 'companies' } } },
        })),
      })
    })
    .all('*', () => apiError(404, errors.notFound))
}

function authenticate(state: EnvoyState, headers: Headers): EnvoyToken | string {
  const value = bearerToken(headers)
  if (value === undefined) return errors.missingToken
  const token = state.findAccessToken(value)
  if (token === undefined) return errors.invalidToken
  if (state.now() >= token.expiresAt) return errors.expiredToken
  return token
}

const titles = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const

function apiError(status: 401 | 403 | 404, detail: string, challenge?: string): Response {
  return jsonResponse(
    { errors: [{ status: String(status), title: titles[status], detail }] },
    status,
    challenge === undefined ? {} : { 'www-authenticate': challenge },
  )
}
