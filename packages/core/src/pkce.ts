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
