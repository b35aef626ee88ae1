import type { RhombusApiKey } from '@doorway/core'
import { BffError } from '../http/BffError.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import {
  createRhombusApiClient,
  type RhombusApiClient,
  type RhombusApiClientOptions,
} from './createRhombusApiClient.js'
import { rhombusApiKeyRecords } from './rhombusApiKeyRecords.js'

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
