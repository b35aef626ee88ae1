import type { RhombusApiKey } from '@doorway/core'
import { ulid } from '../crypto/randomToken.js'
import { BffError } from '../http/BffError.js'
import type { CredentialStore, StoredRecord } from '../store/CredentialStore.js'
import {
  createRhombusApiClient,
  type RhombusApiClient,
  type RhombusApiClientOptions,
} from './createRhombusApiClient.js'

/** Options of {@link rhombusApiKeys}: the BFF's credential store, and how to reach Rhombus. */
export interface RhombusApiKeysOptions extends Omit<RhombusApiClientOptions, 'apiKey'> {
  /** The store the BFF keeps minted keys in (`BffConfig.store`, the same SQLite file or database). */
  store: CredentialStore
}

/**
 * The API keys users minted through `POST /rhombus/api-keys`, for server-side work. Every
 * `ownerId` is the Doorway user id the minting session carried (`Session.userId`): the
 * access token's `sub` (or `userUuid`) claim when Rhombus issues JWTs, else a random id
 * that lasts one session.
 */
export interface RhombusApiKeys {
  /** The user's keys, oldest first, without the keys themselves. */
  list(ownerId: string): Promise<RhombusApiKey[]>
  /** A client that calls Rhombus with the user's key `id`; 404 `not_found` when the user has none such. */
  client(ownerId: string, id: string): Promise<RhombusApiClient>
}

/**
 * Reads the Rhombus API keys minted through the BFF (`POST /rhombus/api-keys`) from the credential
 * store, for background jobs that run without a browser session. The key is decrypted only
 * inside the client and is never returned.
 *
 * @example
 * const keys = rhombusApiKeys({ store, apiUrl: 'https://api2.rhombussystems.com' })
 * for (const { id } of await keys.list(userId)) {
 *   const rhombus = await keys.client(userId, id)
 *   await rhombus.request('/user/getUsersInOrg')
 * }
 */
export function rhombusApiKeys(options: RhombusApiKeysOptions): RhombusApiKeys {
  const { store, ...client } = options
  return {
    list: (ownerId) => rhombusApiKeyRecords.list(store, ownerId),
    async client(ownerId, id) {
      const found = await rhombusApiKeyRecords.find(store, ownerId, id)
      if (found === undefined) {
        throw new BffError('not_found', 'This user has no Rhombus API key with this id.')
      }
      return createRhombusApiClient({ ...client, apiKey: found.apiKey })
    },
  }
}

const kind = 'rhombus-api-key'
const idPattern = /^[0-9A-HJKMNP-TV-Z]{26}$/

/** A stored key as {@link rhombusApiKeyRecords.find} reads it (server side only: it holds the key). */
export interface StoredRhombusApiKey {
  summary: RhombusApiKey
  apiKey: string
  /** The key's `displayName` at Rhombus, unique to its mint. */
  rhombusDisplayName: string
  /** The key's id at Rhombus (`getApiTokens`), when listing after the mint found it. */
  tokenUuid?: string
}

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
 * `data: {displayName, createdAt, partner, rhombusDisplayName, tokenUuid?}` in clear (the
 * name the key has at Rhombus, unique to its mint, and its id there when listing found it)
 * and `secrets: {apiKey}` encrypted.
 * Every read is by owner: another user's key, like an unknown or malformed id, is not found.
 */
export const rhombusApiKeyRecords = {
  /** The record kind. */
  kind,

  /** Stores a freshly minted `apiKey` for `ownerId` and returns its summary. */
  async add(
    store: CredentialStore,
    ownerId: string,
    key: {
      apiKey: string
      displayName: string
      partner: boolean
      rhombusDisplayName: string
      tokenUuid: string | undefined
    },
  ): Promise<RhombusApiKey> {
    const createdAt = Date.now()
    const data: StoredRecord['data'] = {
      displayName: key.displayName,
      createdAt,
      partner: key.partner,
      rhombusDisplayName: key.rhombusDisplayName,
    }
    if (key.tokenUuid !== undefined) data.tokenUuid = key.tokenUuid
    const record: StoredRecord = {
      kind,
      id: ulid(createdAt),
      ownerId,
      data,
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

  /**
   * `ownerId`'s key `id` (its summary, the key, its name at Rhombus and its `tokenUuid` when
   * known), or `undefined`. A key stored before names were made unique has its `displayName`
   * as its name at Rhombus.
   */
  async find(
    store: CredentialStore,
    ownerId: string,
    id: string,
  ): Promise<StoredRhombusApiKey | undefined> {
    if (!idPattern.test(id)) return undefined
    const record = await store.getRecord(kind, id)
    const apiKey = record?.secrets.apiKey
    if (record?.ownerId !== ownerId || apiKey === undefined) return undefined
    const summary = summaryOf(record)
    const { rhombusDisplayName, tokenUuid } = record.data
    const found: StoredRhombusApiKey = {
      summary,
      apiKey,
      rhombusDisplayName:
        typeof rhombusDisplayName === 'string' ? rhombusDisplayName : summary.displayName,
    }
    if (typeof tokenUuid === 'string' && tokenUuid !== '') found.tokenUuid = tokenUuid
    return found
  },

  /** Forgets `ownerId`'s key `id`; `false` when `ownerId` has no such key (nothing changes). */
  async remove(store: CredentialStore, ownerId: string, id: string): Promise<boolean> {
    if (!idPattern.test(id)) return false
    const record = await store.getRecord(kind, id)
    if (record?.ownerId !== ownerId) return false
    return store.deleteRecord(kind, id)
  },
}
