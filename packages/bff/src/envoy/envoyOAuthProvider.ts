import type { OAuthProvider } from '../oauth/OAuthProvider.js'

/** Envoy's OAuth paths on its app host, exactly as Envoy's guide gives them. */
export const envoyOAuthPaths = {
  authorize: '/a/auth/v0/authorize',
  token: '/a/auth/v0/token',
} as const

/**
 * Envoy's token endpoint as an {@link OAuthProvider}: `POST {authUrl}/a/auth/v0/token` with
 * a JSON body, the client id and secret as body members (`{grant_type, code, client_id,
 * client_secret}` / `{grant_type, refresh_token, client_id, client_secret}`), no PKCE and
 * no `redirect_uri` (see `shared/providers/envoy.md`).
 */
export function envoyOAuthProvider(authUrl: string): OAuthProvider {
  return {
    tokenEndpoint: `${authUrl}${envoyOAuthPaths.token}`,
    encoding: 'json',
    clientAuth: 'body',
    name: 'Envoy',
  }
}

/** Envoy's authorize endpoint on `authUrl`. */
export function envoyAuthorizeEndpoint(authUrl: string): string {
  return `${authUrl}${envoyOAuthPaths.authorize}`
}
