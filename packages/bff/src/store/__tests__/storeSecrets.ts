import type { ConnectedConnection, CredentialStore } from '../CredentialStore.js'

/**
 * Writes what an at-rest check looks for, every way a secret reaches a store: `connection`
 * put, then rotated by `update` (`at-SECRET-rotated`, `rt-SECRET-rotated`), and a minted API
 * key record (`ak-SECRET-minted`, owner `user-1`, display name `Doorway`).
 */
export async function putStoreSecrets(
  store: CredentialStore,
  connection: ConnectedConnection,
): Promise<void> {
  await store.putConnection(connection)
  await store.update(connection, (current) => ({
    ...(current as ConnectedConnection),
    accessToken: 'at-SECRET-rotated',
    refreshToken: 'rt-SECRET-rotated',
  }))
  await store.putRecord({
    kind: 'rhombus-api-key',
    id: 'key-1',
    ownerId: 'user-1',
    data: { displayName: 'Doorway' },
    secrets: { apiKey: 'ak-SECRET-minted' },
  })
}
