import { decodeJwt } from 'jose'
import type { Session } from '../session/Session.js'

const claims = ['sub', 'userUuid', 'user_uuid'] as const

/**
 * Who signed in, for keying stored credentials: when the Rhombus access token is a JWT,
 * its `sub` (or `userUuid` / `user_uuid`) claim, read without verification (the token came
 * straight from the token endpoint over TLS, not from the browser); otherwise a random id,
 * which lasts as long as the session.
 */
export function rhombusUserIdentity(accessToken: string): Pick<Session, 'userId' | 'userIdFrom'> {
  try {
    const payload = decodeJwt(accessToken)
    for (const claim of claims) {
      const value = payload[claim]
      if (typeof value === 'string' && value !== '') return { userId: value, userIdFrom: 'token' }
    }
  } catch {
    // Not a JWT: an opaque token carries no identity.
  }
  return { userId: crypto.randomUUID(), userIdFrom: 'random' }
}
