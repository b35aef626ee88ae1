import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'

/** The Versori end user's external id for a Doorway user: `VERSORI_USER_ID_PREFIX` + user id. */
export function versoriEndUserId(
  versori: Pick<ResolvedVersoriConfig, 'userIdPrefix'>,
  userId: string,
): string {
  return `${versori.userIdPrefix}${userId}`
}
