import type { CredentialStore } from './CredentialStore.js'
import type { CredentialRow, CredentialTable } from './CredentialTable.js'
import { createCredentialCipher } from './createCredentialCipher.js'
import { createEncryptedCredentialStore } from './createEncryptedCredentialStore.js'

/** Options of {@link createMemoryCredentialStore}. */
export interface MemoryCredentialStoreOptions {
  /** Default: a random key, so nothing outlives the process anyway. */
  secret?: string | Uint8Array
  now?: () => number
}

/**
 * A {@link CredentialStore} in this process's memory, for tests and demos: lost on restart
 * and not shared between instances. It encrypts like the SQLite store, so tests exercise
 * the same code.
 */
export function createMemoryCredentialStore(
  options: MemoryCredentialStoreOptions = {},
): CredentialStore {
  const rows = new Map<string, CredentialRow>()
  const keyOf = (kind: string, id: string) => `${kind}\u0000${id}`
  const table: CredentialTable = {
    read: async (kind, id) => {
      const row = rows.get(keyOf(kind, id))
      return row && { ...row }
    },
    upsert: async (row) => {
      const version = (rows.get(keyOf(row.kind, row.id))?.version ?? 0) + 1
      rows.set(keyOf(row.kind, row.id), { ...row, version })
    },
    insert: async (row) => {
      if (rows.has(keyOf(row.kind, row.id))) return false
      rows.set(keyOf(row.kind, row.id), { ...row })
      return true
    },
    replace: async (row, expectedVersion) => {
      if (rows.get(keyOf(row.kind, row.id))?.version !== expectedVersion) return false
      rows.set(keyOf(row.kind, row.id), { ...row })
      return true
    },
    remove: async (kind, id, expectedVersion) => {
      const row = rows.get(keyOf(kind, id))
      if (row === undefined || (expectedVersion !== undefined && row.version !== expectedVersion)) {
        return false
      }
      return rows.delete(keyOf(kind, id))
    },
    take: async (kind, id) => {
      const row = rows.get(keyOf(kind, id))
      rows.delete(keyOf(kind, id))
      return row
    },
    list: async (kind, owner) =>
      [...rows.values()]
        .filter((row) => row.kind === kind && row.owner === owner)
        .map((row) => ({ ...row })),
    purgeExpired: async (now) => {
      for (const [key, row] of rows) {
        if (row.expiresAt !== null && row.expiresAt <= now) rows.delete(key)
      }
    },
    close: async () => {},
  }
  const cipher = createCredentialCipher(
    options.secret ?? crypto.getRandomValues(new Uint8Array(32)),
  )
  return createEncryptedCredentialStore(table, cipher, options.now ? { now: options.now } : {})
}
