import type { CredentialStore } from '../store/CredentialStore.js'
import type { SessionRevocations } from './SessionRevocations.js'

/** The record kind of a signed-out session id. */
export const revokedSessionKind = 'revoked-session'

/**
 * {@link SessionRevocations} kept in a {@link CredentialStore} (a record per signed-out
 * session id, gone once the cookie would have expired anyway), so that every BFF instance
 * sharing the store (PostgreSQL) refuses a cookie signed out at any of them. The default
 * when `DOORWAY_DB` is a PostgreSQL URL. Costs one store read per request with a session.
 *
 * @example
 * createDoorwayBff({ ...config, store, sessionRevocations: createStoredSessionRevocations(store) })
 */
export function createStoredSessionRevocations(store: CredentialStore): SessionRevocations {
  return {
    revoke: (sid, expiresAt) =>
      store.putRecord({ kind: revokedSessionKind, id: sid, data: {}, secrets: {}, expiresAt }),
    isRevoked: async (sid) => (await store.getRecord(revokedSessionKind, sid)) !== undefined,
  }
}
