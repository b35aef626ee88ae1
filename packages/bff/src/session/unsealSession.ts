import { errors, jwtDecrypt } from 'jose'
import type { Session } from './Session.js'

/**
 * The session inside a cookie sealed by {@link sealSession}; `'expired'` when it is authentic
 * (it decrypted under `key`) but past its `exp`; `null` when it is tampered with, sealed under
 * another key or not a session at all.
 */
export async function unsealSession(
  sealed: string,
  key: Uint8Array,
): Promise<Session | 'expired' | null> {
  try {
    const { payload } = await jwtDecrypt(sealed, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      requiredClaims: ['exp'],
    })
    const { sid, userId, userIdFrom, provider, accessToken, refreshToken, isPartner, exp } = payload
    if (
      typeof sid !== 'string' ||
      typeof userId !== 'string' ||
      userId === '' ||
      (userIdFrom !== 'token' && userIdFrom !== 'random') ||
      provider !== 'rhombus' ||
      typeof accessToken !== 'string' ||
      typeof isPartner !== 'boolean' ||
      typeof exp !== 'number' ||
      (refreshToken !== undefined && typeof refreshToken !== 'string')
    ) {
      return null
    }
    const session: Session = {
      sid,
      userId,
      userIdFrom,
      provider,
      accessToken,
      isPartner,
      expiresAt: exp * 1000,
    }
    if (typeof refreshToken === 'string') session.refreshToken = refreshToken
    return session
  } catch (error) {
    // jose checks `exp` only after the cookie decrypted and authenticated under our key.
    return error instanceof errors.JWTExpired ? 'expired' : null
  }
}
