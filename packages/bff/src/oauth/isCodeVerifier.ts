const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/

/** True for a PKCE `code_verifier` ([RFC 7636 §4.1](https://www.rfc-editor.org/rfc/rfc7636#section-4.1)): 43–128 unreserved characters. */
export function isCodeVerifier(value: string): boolean {
  return codeVerifierPattern.test(value)
}

/** The problem detail for a `codeVerifier` that {@link isCodeVerifier} refuses. */
export const codeVerifierSyntax =
  '"codeVerifier" must be 43–128 characters of A–Z, a–z, 0–9, "-", ".", "_", "~" (RFC 7636).'
