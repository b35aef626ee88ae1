import { toBase64url } from '../crypto/base64url.js'
import type { CredentialStore } from '../store/CredentialStore.js'

/** How long a Versori `state` can complete a connection (Versori's own limit is 10 minutes too). */
export const versoriStateTtlMs = 10 * 60 * 1000

const kind = 'versori-state'

/** States are kept under their SHA-256, so the store never holds one in clear. */
async function stateId(state: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(state))
  return toBase64url(new Uint8Array(digest))
}

/**
 * The Versori `state`s this BFF initialised, per user, kept in the credential store (so
 * every BFF instance sharing it knows them) for {@link versoriStateTtlMs}, single use.
 */
export const versoriPendingStates = {
  async remember(store: CredentialStore, state: string, userId: string): Promise<void> {
    const now = Date.now()
    await store.putRecord({
      kind,
      id: await stateId(state),
      ownerId: userId,
      data: { createdAt: now },
      secrets: {},
      expiresAt: now + versoriStateTtlMs,
    })
  },

  /**
   * `true` when `state` was initialised for `userId`, has not expired and was not used yet;
   * it is used up by this call. A state of another user is left for its owner.
   */
  async take(store: CredentialStore, state: string, userId: string): Promise<boolean> {
    const id = await stateId(state)
    const pending = await store.getRecord(kind, id)
    if (pending?.ownerId !== userId) return false
    return (await store.takeRecord(kind, id))?.ownerId === userId
  },
}
