import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import type { RhombusMintedApiKey, RhombusState, RhombusTokenStats } from './createRhombusState.js'

/** A minted key as the control routes list it. */
export interface RhombusMintedApiKeyView {
  apiKey: string
  tokenUuid: string
  displayName: string
  authType: RhombusMintedApiKey['authType']
  accountId: RhombusMintedApiKey['account']['id']
  orgUuid: string
  createdAt: number
}

/**
 * Sandbox-only Rhombus controls (under `/__sandbox/rhombus`, never logged), for tests:
 * `GET /api-keys` lists the minted API keys (`{apiKeys: [...]}`, oldest first),
 * `DELETE /api-keys/:apiKey` forgets one (204, or 404 if it is not a minted key),
 * `DELETE /api-keys` forgets all (`{deleted}`). Configured `rhombusApiKeys` are untouched.
 * `POST /revoke-access-tokens` makes every live access token invalid (`{revoked}`): the API
 * then answers them 401, as for a token Rhombus no longer accepts.
 * `POST /revoke-refresh-tokens` makes every live refresh token invalid (`{revoked}`): the
 * next refresh is `invalid_grant`, as when Rhombus ends a sign-in.
 * `GET /revocations` reads how many minted keys `revokeApiToken` revoked (`{count,
 * tokenUuids}`, oldest first; never a key), `DELETE /revocations` sets it to 0 (204).
 * `GET /token-stats` reads the token endpoints' counters ({@link RhombusTokenStats}: never a
 * token), `DELETE /token-stats` sets them to 0 (204).
 */
export function rhombusControlRoutes(state: RhombusState): Hono {
  return new Hono()
    .get('/api-keys', () =>
      jsonResponse({
        apiKeys: state.mintedApiKeys().map(
          (key): RhombusMintedApiKeyView => ({
            apiKey: key.apiKey,
            tokenUuid: key.tokenUuid,
            displayName: key.displayName,
            authType: key.authType,
            accountId: key.account.id,
            orgUuid: key.account.org.uuid,
            createdAt: key.createdAt,
          }),
        ),
      }),
    )
    .delete('/api-keys/:apiKey', (c) =>
      state.deleteMintedApiKey(c.req.param('apiKey'))
        ? new Response(null, { status: 204 })
        : jsonResponse(
            { error: 'not_found', error_description: 'No minted API key is this one.' },
            404,
          ),
    )
    .post('/revoke-access-tokens', () => jsonResponse({ revoked: state.revokeAccessTokens() }))
    .post('/revoke-refresh-tokens', () => jsonResponse({ revoked: state.revokeRefreshTokens() }))
    .get('/revocations', () => jsonResponse(state.revocations()))
    .delete('/revocations', () => {
      state.resetRevocations()
      return new Response(null, { status: 204 })
    })
    .get('/token-stats', () => jsonResponse(state.tokenStats()))
    .delete('/token-stats', () => {
      state.resetTokenStats()
      return new Response(null, { status: 204 })
    })
    .delete('/api-keys', () => {
      const keys = state.mintedApiKeys()
      for (const key of keys) state.deleteMintedApiKey(key.apiKey)
      return jsonResponse({ deleted: keys.length })
    })
}
