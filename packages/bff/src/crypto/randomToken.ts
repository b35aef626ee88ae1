import { toBase64url } from './base64url.js'

/** A fresh unguessable value: `bytes` random bytes (default 16, 128 bits) as base64url. */
export function randomToken(bytes = 16): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(bytes)))
}
