import { toBase64url } from '../crypto/randomToken.js'
import type { CredentialStore } from '../store/CredentialStore.js'

/** How long a pending `state` can complete an authorization (Versori's own limit is 10 minutes too). */
export const pendingStateTtlMs = 10 * 60 * 1000

/** States are kept under their SHA-256, so the store never holds one in clear. */
async function stateId(state: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state))
  return toBase64url(new Uint8Array(digest))
}

/** The `state`s of authorizations in flight, each bound to its owner on the server. */
export interface PendingStates {
  /** Binds `state` to `owner` for {@link pendingStateTtlMs}. */
  remember(store: CredentialStore, state: string, owner: string): Promise<void>
  /**
   * `true` when `state` was bound to `owner`, has not expired and was not used yet; it is
   * used up by this call. A state of another owner is left for its owner.
   */
  take(store: CredentialStore, state: string, owner: string): Promise<boolean>
}

/**
 * {@link PendingStates} of one `kind`, kept in the credential store (so every BFF instance
 * sharing it knows them), single use. The one mechanism behind every `state` the BFF checks:
 * a code whose `state` is missing, unknown, expired, used or another owner's is refused
 * before any token request (SECURITY 26: Envoy has no PKCE, so its `state` is all there is).
 */
export function pendingStates(kind: string): PendingStates {
  return {
    async remember(store, state, owner) {
      const now = Date.now()
      await store.putRecord({
        kind,
        id: await stateId(state),
        ownerId: owner,
        data: { createdAt: now },
        secrets: {},
        expiresAt: now + pendingStateTtlMs,
      })
    },
    async take(store, state, owner) {
      const id = await stateId(state)
      const pending = await store.getRecord(kind, id)
      if (pending?.ownerId !== owner) return false
      return (await store.takeRecord(kind, id))?.ownerId === owner
    },
  }
}

/** Versori's `state`s (read from the URL Versori built), bound to the Doorway user. */
export const versoriPendingStates = pendingStates('versori-state')

/** The `state`s of standard-provider authorizations (Envoy direct and others), bound to the session. */
export const oauthPendingStates = pendingStates('oauth-state')
