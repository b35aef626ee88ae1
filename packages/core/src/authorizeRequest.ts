/** A PKCE pair: the verifier stays in this tab, only the challenge is sent to authorize. */
export interface PKCE {
  codeVerifier: string
  codeChallenge: string
}

// base64url without padding (RFC 4648 §5). Written out rather than taken from oauth4webapi:
// its helpers bring its decoder and error classes into every sign-in bundle (~0.6 kB gzip of
// a 5 kB budget); RFC 7636 Appendix B pins the result in the tests.
const base64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')

/**
 * Creates a fresh code verifier (32 random bytes, base64url: 43 characters) and its S256
 * challenge, the only method Doorway sends
 * ([RFC 7636 §4.1–4.2](https://www.rfc-editor.org/rfc/rfc7636#section-4.1)).
 * Pass a verifier only to check known vectors.
 */
export async function createPKCE(codeVerifier: string = createState()): Promise<PKCE> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))
  return { codeVerifier, codeChallenge: base64url(digest) }
}

/**
 * Creates an unguessable `state` (256 random bits, base64url) that binds the callback to
 * this tab's sign-in ([RFC 6749 §10.12](https://www.rfc-editor.org/rfc/rfc6749#section-10.12)).
 */
export function createState(): string {
  // 32 random bytes: 256 bits, 43 base64url characters.
  return base64url(crypto.getRandomValues(new Uint8Array(32)))
}

/** The values an authorize request is built from. */
export interface AuthorizeValues {
  clientId: string
  redirectUri: string
  state: string
  codeChallenge?: string
  scope?: string
}

/**
 * An authorize request described as data: the path on the authorization host and the
 * query parameters in order, each either taken from {@link AuthorizeValues} or fixed.
 */
export interface AuthorizeDialect {
  path: string
  params: ReadonlyArray<readonly [name: string, source: keyof AuthorizeValues | { value: string }]>
}

/**
 * Builds the authorize URL of a dialect on a base URL (which may carry a path prefix).
 * Values are form-encoded, so spaces in a scope become `+` and are never double-encoded.
 */
export function buildAuthorizeUrl(
  base: string,
  dialect: AuthorizeDialect,
  values: AuthorizeValues,
): URL {
  const url = new URL(base.replace(/\/+$/, '') + dialect.path)
  for (const [name, source] of dialect.params) {
    const value = typeof source === 'string' ? values[source] : source.value
    if (value !== undefined) url.searchParams.append(name, value)
  }
  return url
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
export const providerDialects: Readonly<Record<'plain' | 'pkce', AuthorizeDialect>> = {
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
