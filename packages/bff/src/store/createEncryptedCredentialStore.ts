import {
  type ConnectionKey,
  type CredentialStore,
  connectionSecretFields,
  type StoredConnection,
  type StoredRecord,
} from './CredentialStore.js'
import type { CredentialRow, CredentialTable } from './CredentialTable.js'
import type { CredentialCipher } from './createCredentialCipher.js'

/** Options of {@link createEncryptedCredentialStore}. */
export interface EncryptedCredentialStoreOptions {
  /** Clock for `updatedAt` and record expiry. Default `Date.now`. */
  now?: () => number
}

const connectionKind = (provider: string) => `connection:${provider}`
const maxAttempts = 10
/** How often a write also deletes expired rows (per store, at most). */
const purgeEveryMs = 60_000

/**
 * A {@link CredentialStore} over any {@link CredentialTable}: secret fields are sealed with
 * `cipher` (bound to the row's kind and id) before they reach the table, everything else is
 * stored in clear. `update` and `updateRecord` are optimistic (compare-and-swap on the row's version, retried)
 * and, within this process, runs one call per key at a time; when the table has
 * {@link CredentialTable.exclusive}, each call also holds the table's lock for the key, so
 * across processes too one `fn` runs at a time and the next is given its result.
 */
export function createEncryptedCredentialStore(
  table: CredentialTable,
  cipher: CredentialCipher,
  options: EncryptedCredentialStoreOptions = {},
): CredentialStore {
  const now = options.now ?? (() => Date.now())
  const queues = new Map<string, Promise<unknown>>()
  let lastPurge = Number.NEGATIVE_INFINITY
  const context = (kind: string, id: string) => `${kind}\u0000${id}`

  /** Runs `task` after every earlier task for `key` in this process has settled. */
  const serialized = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve()
    const run = previous.then(task, task)
    const settled = run.then(
      () => {},
      () => {},
    )
    queues.set(key, settled)
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key)
    })
    return run
  }

  const sealSecrets = async (
    kind: string,
    id: string,
    secrets: Record<string, string>,
  ): Promise<string | null> =>
    Object.keys(secrets).length === 0
      ? null
      : cipher.seal(JSON.stringify(secrets), context(kind, id))

  const openSecrets = async (row: CredentialRow): Promise<Record<string, string>> =>
    row.secrets === null
      ? {}
      : (JSON.parse(await cipher.open(row.secrets, context(row.kind, row.id))) as Record<
          string,
          string
        >)

  const connectionRow = async (
    connection: StoredConnection,
    version: number,
  ): Promise<CredentialRow> => {
    const kind = connectionKind(connection.provider)
    const data: Record<string, unknown> = { ...connection }
    const secrets: Record<string, string> = {}
    for (const field of connectionSecretFields) {
      const value = data[field]
      delete data[field]
      if (typeof value === 'string') secrets[field] = value
    }
    return {
      kind,
      id: connection.userId,
      owner: connection.userId,
      data: JSON.stringify(data),
      secrets: await sealSecrets(kind, connection.userId, secrets),
      expiresAt: null,
      version,
      updatedAt: now(),
    }
  }

  const connectionOf = async (row: CredentialRow): Promise<StoredConnection> =>
    ({ ...JSON.parse(row.data), ...(await openSecrets(row)) }) as StoredConnection

  const recordRow = async (record: StoredRecord, version: number): Promise<CredentialRow> => ({
    kind: record.kind,
    id: record.id,
    owner: record.ownerId ?? null,
    data: JSON.stringify(record.data),
    secrets: await sealSecrets(record.kind, record.id, record.secrets),
    expiresAt: record.expiresAt ?? null,
    version,
    updatedAt: now(),
  })

  const recordOf = async (row: CredentialRow): Promise<StoredRecord> => {
    const record: StoredRecord = {
      kind: row.kind,
      id: row.id,
      data: JSON.parse(row.data) as Record<string, unknown>,
      secrets: await openSecrets(row),
    }
    if (row.owner !== null) record.ownerId = row.owner
    if (row.expiresAt !== null) record.expiresAt = row.expiresAt
    return record
  }

  const live = (row: CredentialRow | undefined): row is CredentialRow =>
    row !== undefined && (row.expiresAt === null || row.expiresAt > now())

  const checkRecordKind = (kind: string) => {
    if (kind.startsWith('connection:')) {
      throw new Error('Record kinds starting with "connection:" are reserved for connections.')
    }
  }

  /**
   * Read, decide, write for one row: compare-and-swap on the row's version, retried; one
   * call per key at a time in this process, and under the table's cross-process lock when
   * it has one. `decode` may see an expired row (it decides what that means).
   */
  const atomically = <T>(
    kind: string,
    id: string,
    decode: (row: CredentialRow) => Promise<T | undefined>,
    encode: (next: T, version: number) => Promise<CredentialRow>,
    fn: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  ): Promise<T | undefined> => {
    const readDecideWrite = async () => {
      for (let attempt = 0; attempt < maxAttempts; attempt++) {
        const row = await table.read(kind, id)
        const current = row === undefined ? undefined : await decode(row)
        const next = await fn(current)
        if (next === current) return current
        if (next === undefined) {
          if (row === undefined || (await table.remove(kind, id, row.version))) return undefined
          continue
        }
        const written = await encode(next, (row?.version ?? 0) + 1)
        const stored =
          row === undefined
            ? await table.insert(written)
            : await table.replace(written, row.version)
        if (stored) return next
      }
      throw new Error(
        `The ${kind} record was changed by others ${maxAttempts} times while it was being updated.`,
      )
    }
    return serialized(context(kind, id), () =>
      table.exclusive ? table.exclusive(kind, id, readDecideWrite) : readDecideWrite(),
    )
  }

  return {
    async getConnection(key) {
      const row = await table.read(connectionKind(key.provider), key.userId)
      return row === undefined ? undefined : connectionOf(row)
    },

    async putConnection(connection) {
      await table.upsert(await connectionRow(connection, 1))
    },

    async deleteConnection(key) {
      return table.remove(connectionKind(key.provider), key.userId)
    },

    update(key: ConnectionKey, fn) {
      return atomically(
        connectionKind(key.provider),
        key.userId,
        connectionOf,
        (next, version) => {
          if (next.userId !== key.userId || next.provider !== key.provider) {
            throw new Error('update() must keep the connection’s userId and provider.')
          }
          return connectionRow(next, version)
        },
        fn,
      )
    },

    updateRecord(kind, id, fn) {
      checkRecordKind(kind)
      return atomically(
        kind,
        id,
        async (row) => (live(row) ? recordOf(row) : undefined),
        (next, version) => {
          if (next.kind !== kind || next.id !== id) {
            throw new Error('updateRecord() must keep the record’s kind and id.')
          }
          return recordRow(next, version)
        },
        fn,
      )
    },

    async deleteRecords(kind, ownerId) {
      checkRecordKind(kind)
      let deleted = 0
      for (const row of await table.list(kind, ownerId)) {
        if (await table.remove(kind, row.id)) deleted++
      }
      return deleted
    },

    async getRecord(kind, id) {
      checkRecordKind(kind)
      const row = await table.read(kind, id)
      return live(row) ? recordOf(row) : undefined
    },

    async listRecords(kind, ownerId) {
      checkRecordKind(kind)
      const rows = (await table.list(kind, ownerId)).filter(live)
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      return Promise.all(rows.map(recordOf))
    },

    async putRecord(record) {
      checkRecordKind(record.kind)
      // Expired rows are invisible to reads already; sweeping them now and then is enough.
      if (now() - lastPurge >= purgeEveryMs) {
        lastPurge = now()
        await table.purgeExpired(lastPurge)
      }
      await table.upsert(await recordRow(record, 1))
    },

    async deleteRecord(kind, id) {
      checkRecordKind(kind)
      return table.remove(kind, id)
    },

    async takeRecord(kind, id) {
      checkRecordKind(kind)
      const row = await table.take(kind, id)
      return live(row) ? recordOf(row) : undefined
    },

    close: () => table.close(),
  }
}
