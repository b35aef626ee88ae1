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

/** Identifies one stored connection: whose it is, and to which provider. */
export interface ConnectionKey {
  /** The Doorway user id (see `Session.userId`). */
  userId: string
  /** The provider connected, e.g. `envoy`. */
  provider: string
}

/** What every stored connection records, connected or not; none of it is secret. */
interface ConnectionMetadata extends ConnectionKey {
  /** How it was made; only connections whose tokens the BFF holds are stored. */
  via: 'direct'
  /** The provider's account the connection reaches (Envoy's `company_id`). */
  companyId?: string
  /** Scopes granted. */
  scopes: string[]
  /** Epoch milliseconds of the last change. */
  updatedAt: number
}

/** A live connection: the BFF holds its tokens (encrypted at rest). */
export interface ConnectedConnection extends ConnectionMetadata {
  status: 'connected'
  /** Secret. */
  accessToken: string
  /** Secret. */
  refreshToken?: string
  /** Epoch milliseconds when `accessToken` expires, when the provider said. */
  expiresAt?: number
  /** Epoch milliseconds when `refreshToken` expires, when the provider said. */
  refreshExpiresAt?: number
}

/** A connection that is gone: its tokens are deleted, the reason is kept for the user. */
export interface DisconnectedConnection extends ConnectionMetadata {
  status: 'disconnected'
  /**
   * `revoked`: the provider refused the refresh token (`invalid_grant`); `expired`: the
   * access token expired and there is no refresh token to renew it.
   */
  reason: 'revoked' | 'expired'
}

/**
 * One user's connection to one provider, as a {@link CredentialStore} keeps it. Token fields
 * are encrypted at rest; everything else is stored in clear so it can be read and indexed.
 */
export type StoredConnection = ConnectedConnection | DisconnectedConnection

/** The fields of a {@link StoredConnection} that are secret, and so encrypted at rest. */
export const connectionSecretFields = ['accessToken', 'refreshToken'] as const

/**
 * A generic stored item for what is not a connection: minted API keys, pending
 * authorization states and the like. `data` is stored in clear, `secrets` encrypted.
 */
export interface StoredRecord {
  /** What it is, e.g. `rhombus-api-key` or `versori-state`. Kinds starting with `connection:` are reserved. */
  kind: string
  /** Unique within `kind`. */
  id: string
  /** The user it belongs to, when it belongs to one. */
  ownerId?: string
  /** Anything JSON, in clear: ids, names, timestamps. Never put a secret here. */
  data: Record<string, unknown>
  /** Secret strings (keys, tokens), encrypted at rest. */
  secrets: Record<string, string>
  /** Epoch milliseconds after which the record is gone (reads no longer see it). */
  expiresAt?: number
}
