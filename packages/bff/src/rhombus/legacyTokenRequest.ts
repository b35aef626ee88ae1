import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import type { UpstreamRequest } from '../http/callUpstream.js'
import type { RhombusCodeGrant } from './RhombusCodeGrant.js'

/**
 * The `legacy` dialect's token request, as in Rhombus's published PKCE guide: a JSON body
 * with camelCase fields and the client secret, sent with `x-auth-scheme: web2`.
 */
export function legacyTokenRequest(
  rhombus: Pick<ResolvedRhombusConfig, 'authUrl' | 'clientId' | 'clientSecret'>,
  grant: RhombusCodeGrant,
): UpstreamRequest {
  return {
    url: `${rhombus.authUrl}/oauth/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-scheme': 'web2' },
    body: JSON.stringify({
      grantType: 'AUTHORIZATION_CODE',
      authorizationCode: grant.code,
      clientId: rhombus.clientId,
      clientSecret: rhombus.clientSecret,
      redirectUri: grant.redirectUri,
      codeVerifier: grant.codeVerifier,
      codeChallengeType: 'S256',
    }),
  }
}
