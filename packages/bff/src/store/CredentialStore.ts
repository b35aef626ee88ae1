import type { ConnectionKey, StoredConnection } from './StoredConnection.js'
import type { StoredRecord } from './StoredRecord.js'

/**
 * The next value of a connection, decided from its current one (`undefined`: none).
 * Return `current` itself to change nothing, `undefined` to delete it.
 */
export type ConnectionUpdate = (
  current: StoredConnection | undefined,
) => StoredConnection | undefined | Promise<StoredConnection | undefined>

/**
 * The next value of a record, decided from its current one (`undefined`: none, or expired).
 * Return `current` itself to change nothing, `undefined` to delete it.
 */
export type RecordUpdate = (
  current: StoredRecord | undefined,
) => StoredRecord | undefined | Promise<StoredRecord | undefined>

/**
 * Where the BFF keeps sessions (with their Rhombus tokens) and long-lived credentials (Envoy
 * connections with refresh tokens, minted API keys), encrypted at rest: every secret field is sealed with AES-256-GCM, ids and
 * metadata stay in clear. Implementations: {@link createSqliteCredentialStore} (the
 * default: one file) and {@link createMemoryCredentialStore} (tests). Running more than one
 * BFF instance needs a shared one: {@link createPostgresCredentialStore}, whose `update` holds
 * an advisory lock per key across instances.
 */
export interface CredentialStore {
  getConnection(key: ConnectionKey): Promise<StoredConnection | undefined>
  /** Stores `connection`, replacing the one with its key. */
  putConnection(connection: StoredConnection): Promise<void>
  /** Forgets the connection; `true` when there was one. */
  deleteConnection(key: ConnectionKey): Promise<boolean>
  /**
   * Atomically replaces the connection by what `fn` makes of it (refresh-token rotation):
   * the result is written only if nothing else wrote the connection since `fn` was given
   * it; otherwise `fn` runs again with the newer value, so it must decide from what it is
   * given. Calls for one key in one process run one after another. Resolves to the value
   * now stored.
   */
  update(key: ConnectionKey, fn: ConnectionUpdate): Promise<StoredConnection | undefined>
  /** The record, unless absent or expired. */
  getRecord(kind: string, id: string): Promise<StoredRecord | undefined>
  /** The live records of `kind` owned by `ownerId`, oldest `id` first. */
  listRecords(kind: string, ownerId: string): Promise<StoredRecord[]>
  /** Stores `record`, replacing the one with its kind and id. */
  putRecord(record: StoredRecord): Promise<void>
  /** Forgets the record; `true` when there was one. */
  deleteRecord(kind: string, id: string): Promise<boolean>
  /**
   * Atomically replaces the record by what `fn` makes of it, as {@link update} does for
   * connections: sessions use it to store a rotated refresh token. The result must keep
   * `kind` and `id`.
   */
  updateRecord(kind: string, id: string, fn: RecordUpdate): Promise<StoredRecord | undefined>
  /** Forgets every record of `kind` owned by `ownerId`; how many there were. */
  deleteRecords(kind: string, ownerId: string): Promise<number>
  /** Returns and forgets the record in one step (single use): of two concurrent takes, one gets it. */
  takeRecord(kind: string, id: string): Promise<StoredRecord | undefined>
  /** Releases the store's resources (the database file). */
  close(): Promise<void>
}
