import type { AuthorizeDialect } from './dialect.js'

/**
 * What the BFF tells the browser about a standards-based OAuth 2.0 provider
 * (`GET /config`, `providers.<id>`): public data only.
 */
export interface StandardProviderConfig {
  clientId: string
  /** The full authorize endpoint, e.g. `https://app.envoy.com/a/auth/v0/authorize`. */
  authorizeUrl: string
  /** Space-separated scopes, sent form-encoded (`locations.read+token.refresh`). */
  scope?: string
  /** Exactly as registered with the provider. */
  redirectUri: string
  /**
   * The authorization server's issuer identifier. When set, the authorization response
   * must carry `iss` equal to it ([RFC 9207](https://www.rfc-editor.org/rfc/rfc9207)).
   */
  issuer?: string
  /** Sends a PKCE S256 challenge, and the verifier to the BFF's exchange. */
  pkce?: boolean
}

const standard: AuthorizeDialect['params'] = [
  ['response_type', { value: 'code' }],
  ['client_id', 'clientId'],
  ['redirect_uri', 'redirectUri'],
  ['scope', 'scope'],
  ['state', 'state'],
]

/**
 * The authorize request of [RFC 6749 §4.1.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1),
 * on the provider's full authorize URL: `response_type=code&client_id&redirect_uri&scope&state`,
 * plus `code_challenge&code_challenge_method=S256` with PKCE
 * ([RFC 7636 §4.3](https://www.rfc-editor.org/rfc/rfc7636#section-4.3)).
 */
export const standardDialects: Readonly<Record<'plain' | 'pkce', AuthorizeDialect>> = {
  plain: { path: '', params: standard },
  pkce: {
    path: '',
    params: [
      ...standard,
      ['code_challenge', 'codeChallenge'],
      ['code_challenge_method', { value: 'S256' }],
    ],
  },
}
