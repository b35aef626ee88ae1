import {
  authorizationCodeGrantRequest,
  type ClientAuthentication,
  type OAuthProvider,
  refreshTokenGrantRequest,
  type UpstreamRequest,
} from '@doorway/bff'
import { benchSettings } from './benchSettings.js'

/** Rhombus's `oauth2` token endpoint at `authUrl`, as the BFF describes it. */
function rhombusTokenEndpoint(authUrl: string, clientAuth: ClientAuthentication): OAuthProvider {
  return { tokenEndpoint: `${authUrl}/oauth/token`, encoding: 'form', clientAuth, name: 'Rhombus' }
}

const client = { clientId: benchSettings.clientId, clientSecret: benchSettings.clientSecret }

/**
 * The `oauth2` dialect's code exchange for the bench client, as the BFF sends it: `POST
 * {authUrl}/oauth/token`, form `grant_type=authorization_code, code, redirect_uri,
 * code_verifier`, HTTP Basic, `Accept: application/json` (built with the BFF's exported
 * `authorizationCodeGrantRequest`, the request its `oauth2TokenRequest` was).
 */
export function directTokenRequest(authUrl: string, code: string): UpstreamRequest {
  return authorizationCodeGrantRequest(
    rhombusTokenEndpoint(authUrl, 'client_secret_basic'),
    client,
    {
      code,
      codeVerifier: benchSettings.codeVerifier,
      redirectUri: benchSettings.redirectUri,
    },
  )
}

/**
 * The `oauth2` dialect's refresh for the bench client, as the BFF sends it (Rhombus's CLI
 * does the same): form `grant_type=refresh_token, refresh_token, client_id, client_secret`,
 * `Accept: application/json` (the BFF's exported `refreshTokenGrantRequest` with
 * client_secret_post, the request its `oauth2RefreshRequest` was).
 */
export function directRefreshRequest(authUrl: string, refreshToken: string): UpstreamRequest {
  return refreshTokenGrantRequest(
    rhombusTokenEndpoint(authUrl, 'client_secret_post'),
    client,
    refreshToken,
  )
}

/** Sends `request` with fetch, as the bench's direct ways do (no redirects followed). */
export function sendDirect(request: UpstreamRequest): Promise<Response> {
  return fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    redirect: 'manual',
  })
}
