import type { RhombusApiKey } from '@doorway/core'
import { ulid } from '../crypto/ulid.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import type { StoredRecord } from '../store/StoredRecord.js'

const kind = 'rhombus-api-key'
const idPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/

/** A stored key's {@link RhombusApiKey}: its metadata, never `secrets`. */
function summaryOf(record: StoredRecord): RhombusApiKey {
  const { displayName, createdAt, partner } = record.data
  return {
    id: record.id,
    displayName: typeof displayName === 'string' ? displayName : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    partner: partner === true,
  }
}

/**
 * Minted Rhombus API keys in the credential store, one `rhombus-api-key` record each:
 * `id` a ULID, `ownerId` the Doorway user id of the session that minted it,
 * `data: {displayName, createdAt, partner}` in clear and `secrets: {apiKey}` encrypted.
 * Every read is by owner: another user's key, like an unknown or malformed id, is not found.
 */
export const rhombusApiKeyRecords = {
  /** The record kind. */
  kind,

  /** Stores a freshly minted `apiKey` for `ownerId` and returns its summary. */
  async add(
    store: CredentialStore,
    ownerId: string,
    key: { apiKey: string; displayName: string; partner: boolean },
  ): Promise<RhombusApiKey> {
    const createdAt = Date.now()
    const record: StoredRecord = {
      kind,
      id: ulid(createdAt),
      ownerId,
      data: { displayName: key.displayName, createdAt, partner: key.partner },
      secrets: { apiKey: key.apiKey },
    }
    await store.putRecord(record)
    return summaryOf(record)
  },

  /** The summaries of `ownerId`'s keys, oldest first (keys of one millisecond in no set order). */
  async list(store: CredentialStore, ownerId: string): Promise<RhombusApiKey[]> {
    const summaries = (await store.listRecords(kind, ownerId)).map(summaryOf)
    return summaries.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  },

  /** `ownerId`'s key `id` (its summary and the key), or `undefined`. */
  async find(
    store: CredentialStore,
    ownerId: string,
    id: string,
  ): Promise<{ summary: RhombusApiKey; apiKey: string } | undefined> {
    if (!idPattern.test(id)) return undefined
    const record = await store.getRecord(kind, id)
    const apiKey = record?.secrets.apiKey
    if (record?.ownerId !== ownerId || apiKey === undefined) return undefined
    return { summary: summaryOf(record), apiKey }
  },

  /** Forgets `ownerId`'s key `id`; `false` when `ownerId` has no such key (nothing changes). */
  async remove(store: CredentialStore, ownerId: string, id: string): Promise<boolean> {
    if (!idPattern.test(id)) return false
    const record = await store.getRecord(kind, id)
    if (record?.ownerId !== ownerId) return false
    return store.deleteRecord(kind, id)
  },
}
