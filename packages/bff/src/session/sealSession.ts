import { EncryptJWT } from 'jose'
import type { Session } from './Session.js'

/**
 * `session` as a compact JWE (`dir` + `A256GCM`) that only the holder of `key` can read or
 * forge. `exp` is the session's expiry.
 */
export async function sealSession(session: Session, key: Uint8Array): Promise<string> {
  const claims: Record<string, unknown> = {
    sid: session.sid,
    userId: session.userId,
    userIdFrom: session.userIdFrom,
    provider: session.provider,
    accessToken: session.accessToken,
    isPartner: session.isPartner,
  }
  if (session.refreshToken !== undefined) claims.refreshToken = session.refreshToken
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(Math.floor(session.expiresAt / 1000))
    .encrypt(key)
}
