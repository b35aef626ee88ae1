import type { AuthorizeDialect } from './dialect.js'

// The provider entry of `GET /config` is the wire contract's `OAuthProviderPublicConfig`;
// the old name stays for the files that still import it from here.
export type { OAuthProviderPublicConfig as StandardProviderConfig } from '../wire.js'

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
