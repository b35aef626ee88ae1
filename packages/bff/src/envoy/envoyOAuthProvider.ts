import type { ResolvedEnvoyConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { OAuthProvider } from '../oauth/OAuthProvider.js'
import type { ResolvedOAuthProvider } from '../providers/ResolvedOAuthProvider.js'

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

/**
 * The `envoy` setting as the OAuth provider `envoy`: Envoy's token endpoint (JSON body,
 * client id and secret as body members), no PKCE, no `redirect_uri` in the token request
 * (Envoy's guide sends none), and `company_id` kept as the connection's account.
 */
export function envoyOAuthPreset(envoy: ResolvedEnvoyConfig): ResolvedOAuthProvider {
  return {
    ...envoyOAuthProvider(envoy.authUrl),
    id: 'envoy',
    name: 'Envoy',
    clientId: envoy.clientId,
    clientSecret: envoy.clientSecret,
    authorizeUrl: envoyAuthorizeEndpoint(envoy.authUrl),
    scopes: envoy.scopes,
    redirectUri: envoy.redirectUri,
    pkce: false,
    sendRedirectUri: false,
    accountParameter: 'company_id',
  }
}

/**
 * `value` (the Envoy settings, or what exists only with them), or 501 `not_configured`
 * when the BFF has no Envoy client.
 */
export function requireEnvoy<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new BffError(
      'not_configured',
      'Connecting Envoy directly is not configured on this BFF (set ENVOY_CLIENT_ID and ENVOY_CLIENT_SECRET).',
    )
  }
  return value
}
