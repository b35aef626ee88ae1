import { createHash } from 'node:crypto'

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const verifierPattern = /^[A-Za-z0-9._~-]{43,128}$/

/** An S256 challenge is base64url(SHA-256) without padding: always 43 characters. */
const challengePattern = /^[A-Za-z0-9_-]{43}$/

/** True when `value` is a well-formed PKCE code verifier (RFC 7636 §4.1). */
export function isCodeVerifier(value: string): boolean {
  return verifierPattern.test(value)
}

/** True when `value` has the shape of an S256 code challenge (RFC 7636 §4.2). */
export function isS256Challenge(value: string): boolean {
  return challengePattern.test(value)
}

/** `BASE64URL(SHA256(ASCII(verifier)))`, the S256 transformation of RFC 7636 §4.2. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

/** RFC 7636 §4.6: the server's check of a verifier against the stored S256 challenge. */
export function verifiesS256(verifier: string, challenge: string): boolean {
  return isCodeVerifier(verifier) && s256(verifier) === challenge
}
