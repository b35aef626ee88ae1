import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import type { EnvoyState } from './createEnvoyState.js'
import { parseEnvoyClient } from './envoyClient.js'

/**
 * The sandbox's own Envoy routes (under `/__sandbox/envoy`, never logged): register an app
 * at run time, revoke refresh tokens and expire access tokens, so tests can force a
 * refresh or a lost connection.
 */
export function envoyControlRoutes(state: EnvoyState): Hono {
  return new Hono()
    .post('/clients', async (c) => {
      const client = parseEnvoyClient(parseJsonObject(await c.req.text()))
      if (typeof client === 'string') {
        return jsonResponse({ error: 'invalid_client_metadata', error_description: client }, 400)
      }
      state.registerClient(client)
      const { clientSecret: _secret, ...registered } = client
      return jsonResponse(registered, 201)
    })
    .post('/revoke', async (c) => {
      const text = await c.req.text()
      const body = text.trim() === '' ? {} : parseJsonObject(text)
      const token = body?.refresh_token
      if (body === undefined || (token !== undefined && typeof token !== 'string')) {
        return jsonResponse(
          {
            error: 'invalid_request',
            error_description: 'The body must be empty, {} (revoke all) or {"refresh_token": "…"}.',
          },
          400,
        )
      }
      const revoked = state.revokeRefreshTokens(token)
      if (token !== undefined && revoked === 0) {
        return jsonResponse(
          { error: 'not_found', error_description: 'No live refresh token has this value.' },
          404,
        )
      }
      return jsonResponse({ revoked })
    })
    .post('/expire-access-tokens', () => jsonResponse({ expired: state.expireAccessTokens() }))
}
