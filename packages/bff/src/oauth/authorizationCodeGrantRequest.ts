import type { UpstreamRequest } from '../http/callUpstream.js'
import type { OAuthClient, OAuthProvider } from './OAuthProvider.js'
import { tokenEndpointRequest } from './tokenEndpointRequest.js'

/** What redeems an authorization code: the code, and what the authorize request carried. */
export interface AuthorizationCodeGrant {
  code: string
  /** Sent as `redirect_uri` when given: required when the authorize request carried one (RFC 6749 §4.1.3). */
  redirectUri?: string
  /** Sent as `code_verifier` when given (PKCE, RFC 7636 §4.5). */
  codeVerifier?: string
}

/**
 * The `authorization_code` token request
 * ([RFC 6749 §4.1.3](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3)): `grant_type`,
 * `code`, then `redirect_uri` and `code_verifier` when given, then the client credentials.
 * Send it once: a code is single use, so the BFF never retries this request.
 * Pair with {@link processAuthorizationCodeResponse}.
 */
export function authorizationCodeGrantRequest(
  provider: OAuthProvider,
  client: OAuthClient,
  grant: AuthorizationCodeGrant,
): UpstreamRequest {
  return tokenEndpointRequest(provider, client, {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  })
}
