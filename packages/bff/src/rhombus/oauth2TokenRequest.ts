import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import type { UpstreamRequest } from '../http/callUpstream.js'
import type { RhombusCodeGrant } from './RhombusCodeGrant.js'

/** How the client authenticates at the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post'

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}

/**
 * The `oauth2` dialect's token request (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5): form
 * body `grant_type, code, redirect_uri, code_verifier`, and the client credentials either
 * in an HTTP Basic header or in the form, never both.
 */
export function oauth2TokenRequest(
  rhombus: Pick<ResolvedRhombusConfig, 'authUrl' | 'clientId' | 'clientSecret'>,
  grant: RhombusCodeGrant,
  authentication: ClientAuthentication,
): UpstreamRequest {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  })
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (authentication === 'client_secret_basic') {
    headers.authorization = `Basic ${btoa(`${formEncode(rhombus.clientId)}:${formEncode(rhombus.clientSecret)}`)}`
  } else {
    form.set('client_id', rhombus.clientId)
    form.set('client_secret', rhombus.clientSecret)
  }
  return { url: `${rhombus.authUrl}/oauth/token`, method: 'POST', headers, body: form.toString() }
}
