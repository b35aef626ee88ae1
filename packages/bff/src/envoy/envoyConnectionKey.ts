import type { ConnectionKey } from '../store/StoredConnection.js'

/** Where a user's direct Envoy connection is kept in the credential store. */
export function envoyConnectionKey(userId: string): ConnectionKey {
  return { userId, provider: 'envoy' }
}
