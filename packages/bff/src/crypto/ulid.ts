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
