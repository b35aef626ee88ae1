/** One row of a {@link CredentialTable}: what the store keeps, secrets already sealed. */
export interface CredentialRow {
  kind: string
  id: string
  owner: string | null
  /** JSON, in clear. */
  data: string
  /** Sealed JSON of the secret fields, or `null` when there are none. */
  secrets: string | null
  /** Epoch milliseconds. */
  expiresAt: number | null
  /** Starts at 1 and grows by one with every write: what `replace` compares. */
  version: number
  /** Epoch milliseconds. */
  updatedAt: number
}

/**
 * The storage under a credential store: rows by `(kind, id)` with optimistic versions, and
 * optionally a lock per row shared by every process ({@link CredentialTable.exclusive}).
 * It knows nothing of encryption; {@link createEncryptedCredentialStore} does that.
 */
export interface CredentialTable {
  read(kind: string, id: string): Promise<CredentialRow | undefined>
  /** Writes `row` whatever is there; its version becomes one more than the old row's (or 1). */
  upsert(row: CredentialRow): Promise<void>
  /** Writes `row` only if no row has its key; `false` otherwise. */
  insert(row: CredentialRow): Promise<boolean>
  /** Writes `row` only if the stored row has `expectedVersion`; `false` otherwise. */
  replace(row: CredentialRow, expectedVersion: number): Promise<boolean>
  /** Deletes the row (only at `expectedVersion`, when given); `true` when one was deleted. */
  remove(kind: string, id: string, expectedVersion?: number): Promise<boolean>
  /** Deletes the row and returns it, in one step. */
  take(kind: string, id: string): Promise<CredentialRow | undefined>
  /** Every row of `kind` owned by `owner`, in no particular order (expired ones included). */
  list(kind: string, owner: string): Promise<CredentialRow[]>
  /** Deletes rows whose `expiresAt` is not after `now`. */
  purgeExpired(now: number): Promise<void>
  /**
   * Runs `task` while holding a lock on `(kind, id)` that every process sharing the table
   * respects, and releases it however `task` ends. Optional: without it, `update` relies on
   * `replace`'s compare-and-swap alone, which never loses a write but lets two processes
   * both run an update's `fn` (two Envoy refreshes where one would do).
   */
  exclusive?<T>(kind: string, id: string, task: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** The columns of `doorway_credentials` (SQLite and PostgreSQL), in {@link credentialValues}' order. */
export const credentialColumns = 'kind, id, owner, data, secrets, expires_at, version, updated_at'

/**
 * A row of `doorway_credentials` as a database driver returns it. Numbers may arrive as
 * strings (PostgreSQL `bigint`, which node-postgres keeps exact); ours fit a number.
 */
export interface CredentialColumns {
  kind: string
  id: string
  owner: string | null
  data: string
  secrets: string | null
  expires_at: number | string | null
  version: number | string
  updated_at: number | string
}

/** The {@link CredentialRow} of a database row. */
export function credentialRowOf(row: CredentialColumns): CredentialRow {
  return {
    kind: row.kind,
    id: row.id,
    owner: row.owner,
    data: row.data,
    secrets: row.secrets,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    version: Number(row.version),
    updatedAt: Number(row.updated_at),
  }
}

/** `row`'s values in the order of {@link credentialColumns}, for an INSERT's parameters. */
export function credentialValues(row: CredentialRow): unknown[] {
  return [
    row.kind,
    row.id,
    row.owner,
    row.data,
    row.secrets,
    row.expiresAt,
    row.version,
    row.updatedAt,
  ]
}
