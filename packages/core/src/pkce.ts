import {
  calculatePKCECodeChallenge,
  generateRandomCodeVerifier,
  generateRandomState,
} from 'oauth4webapi'

/** A PKCE pair: the verifier stays in this tab, only the challenge is sent to authorize. */
export interface PKCE {
  codeVerifier: string
  codeChallenge: string
}

/**
 * Creates a fresh code verifier (32 random bytes, base64url: 43 characters) and its S256
 * challenge, the only method Doorway sends
 * ([RFC 7636 §4.1–4.2](https://www.rfc-editor.org/rfc/rfc7636#section-4.1)).
 * Pass a verifier only to check known vectors.
 */
export async function createPKCE(codeVerifier = generateRandomCodeVerifier()): Promise<PKCE> {
  return { codeVerifier, codeChallenge: await calculatePKCECodeChallenge(codeVerifier) }
}

/**
 * Creates an unguessable `state` (256 random bits, base64url) that binds the callback to
 * this tab's sign-in ([RFC 6749 §10.12](https://www.rfc-editor.org/rfc/rfc6749#section-10.12)).
 */
export function createState(): string {
  return generateRandomState()
}
