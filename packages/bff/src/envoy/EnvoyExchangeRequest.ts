import type { OAuthExchangeRequest } from '../providers/OAuthExchangeRequest.js'

/**
 * The body of `POST /auth/envoy/exchange`: the generic {@link OAuthExchangeRequest} without
 * `codeVerifier` (Envoy takes no PKCE). `redirectUri` must equal the configured Envoy
 * redirect URI exactly; a `state` Envoy echoes must be the one sent.
 */
export type EnvoyExchangeRequest = Omit<OAuthExchangeRequest, 'codeVerifier'>
