import { randomBytes } from 'node:crypto'

/** Crockford's base32, the alphabet of ULIDs. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A new ULID (26 characters: 48-bit millisecond time, 80 random bits), the form of every
 * Versori id. `now` is the sandbox clock.
 */
export function versoriUlid(now: number): string {
  let time = ''
  let rest = Math.max(0, Math.floor(now))
  for (let i = 0; i < 10; i++) {
    time = alphabet[rest % 32]! + time
    rest = Math.floor(rest / 32)
  }
  const random = [...randomBytes(16)].map((byte) => alphabet[byte % 32]).join('')
  return time + random
}
