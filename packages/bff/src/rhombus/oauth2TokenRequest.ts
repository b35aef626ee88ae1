import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import type { UpstreamRequest } from '../http/callUpstream.js'
import { authorizationCodeGrantRequest } from '../oauth/authorizationCodeGrantRequest.js'
import type { RhombusCodeGrant } from './RhombusCodeGrant.js'

/** How the client authenticates at the `oauth2` dialect's token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post'

/**
 * The `oauth2` dialect's token request (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5): form
 * body `grant_type, code, redirect_uri, code_verifier`, and the client credentials either
 * in an HTTP Basic header or in the form, never both. The generic
 * {@link authorizationCodeGrantRequest} with Rhombus's token endpoint.
 */
export function oauth2TokenRequest(
  rhombus: Pick<ResolvedRhombusConfig, 'authUrl' | 'clientId' | 'clientSecret'>,
  grant: RhombusCodeGrant,
  authentication: ClientAuthentication,
): UpstreamRequest {
  return authorizationCodeGrantRequest(
    {
      tokenEndpoint: `${rhombus.authUrl}/oauth/token`,
      encoding: 'form',
      clientAuth: authentication,
    },
    rhombus,
    grant,
  )
}
