/** A fresh unguessable value: `bytes` random bytes (default 16, 128 bits) as base64url. */
export function randomToken(bytes = 16): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** Crockford's base32, the alphabet of ULIDs. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A new ULID (48-bit millisecond time, 80 random bits, 26 characters), the form of Versori's ids. */
export function ulid(now = Date.now()): string {
  let time = ''
  let rest = Math.floor(now)
  for (let i = 0; i < 10; i++) {
    time = alphabet.charAt(rest % 32) + time
    rest = Math.floor(rest / 32)
  }
  const random = [...crypto.getRandomValues(new Uint8Array(16))]
    .map((byte) => alphabet.charAt(byte % 32))
    .join('')
  return time + random
}

/** `bytes` as base64url without padding (RFC 4648 §5), with web APIs only. */
export function toBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The bytes of a base64url string (padding optional); throws on other characters. */
export function fromBase64url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}
