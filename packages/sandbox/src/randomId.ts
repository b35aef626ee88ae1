import { randomBytes } from 'node:crypto'

/** An unguessable opaque value (256 bits, base64url) with a readable prefix for logs. */
export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`
}
