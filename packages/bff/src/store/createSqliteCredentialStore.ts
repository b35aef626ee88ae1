import type Database from 'libsql'
import type { CredentialStore } from './CredentialStore.js'
import {
  type CredentialColumns,
  type CredentialTable,
  credentialColumns,
  credentialRowOf,
  credentialValues,
} from './CredentialTable.js'
import { createCredentialCipher } from './createCredentialCipher.js'
import { createEncryptedCredentialStore } from './createEncryptedCredentialStore.js'

/** Options of {@link createSqliteCredentialStore}. */
export interface SqliteCredentialStoreOptions {
  /**
   * What the encryption key is derived from: `DOORWAY_ENCRYPTION_KEY`, else `SESSION_SECRET`
   * (see {@link createCredentialCipher}). Changing it makes stored credentials unreadable.
   */
  secret: string | Uint8Array
  now?: () => number
  /** How long `update` waits for another process's lock on a record before failing. Default 30 000 ms. */
  lockTimeoutMs?: number
}

/** The default database file: `DOORWAY_DB`, else this. */
export const defaultDatabaseFile = './doorway.db'

const schema = `
CREATE TABLE IF NOT EXISTS doorway_credentials (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  owner TEXT,
  data TEXT NOT NULL,
  secrets TEXT,
  expires_at INTEGER,
  version INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS doorway_credentials_owner ON doorway_credentials (owner);
CREATE INDEX IF NOT EXISTS doorway_credentials_expiry ON doorway_credentials (expires_at)
  WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS doorway_locks (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
`

/**
 * How long a lock is held at most: a holder that dies (a killed process) frees it after
 * this. Longer than any upstream call a lock holder makes (a refresh, within its timeout).
 */
const lockLeaseMs = 60_000
const lockPollMs = 15
/**
 * The default {@link CredentialStore}: one SQLite file (libsql), table
 * `doorway_credentials` created idempotently, secret fields sealed with AES-256-GCM, ids
 * and metadata in clear. The file is opened on first use (created with mode 0600 when
 * missing), in WAL mode with `secure_delete`. Fits one BFF instance, or several on one
 * host sharing the file: `update` is compare-and-swap on a row version, under a lease in
 * `doorway_locks` that every process sharing the file respects, so one refresh of a record
 * runs at a time across them.
 */
export function createSqliteCredentialStore(
  file: string,
  options: SqliteCredentialStoreOptions,
): CredentialStore {
  let opened: Promise<Database.Database> | undefined
  // Each statement is prepared once per open database: parsing SQL per call costs more than running it.
  const statements = new Map<string, Database.Statement>()
  const prepared = async () => {
    const db = await open()
    return {
      prepare(text: string): Database.Statement {
        let statement = statements.get(text)
        if (statement === undefined) {
          statement = db.prepare(text)
          statements.set(text, statement)
        }
        return statement
      },
    }
  }
  const open = (): Promise<Database.Database> => {
    opened ??= (async () => {
      // Loaded on first use, so importing the BFF never needs the native module.
      const [{ default: Sqlite }, fs] = await Promise.all([import('libsql'), import('node:fs')])
      if (file !== ':memory:' && !fs.existsSync(file)) {
        fs.closeSync(fs.openSync(file, 'a', 0o600))
      }
      const db = new Sqlite(file, { timeout: 5000 })
      db.pragma('journal_mode = WAL')
      // WAL with NORMAL: never corrupt, and a commit waits for no fsync (a power cut may
      // lose the last moments' writes: a sign-in or refresh to redo, nothing worse).
      db.pragma('synchronous = NORMAL')
      db.pragma('secure_delete = ON')
      db.exec(schema)
      return db
    })()
    return opened
  }

  const table: CredentialTable = {
    async read(kind, id) {
      const db = await prepared()
      const row = db
        .prepare(`SELECT ${credentialColumns} FROM doorway_credentials WHERE kind = ? AND id = ?`)
        .get(kind, id) as CredentialColumns | undefined
      return row && credentialRowOf(row)
    },
    async upsert(row) {
      const db = await prepared()
      db.prepare(
        `INSERT INTO doorway_credentials (${credentialColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, data = excluded.data,
           secrets = excluded.secrets, expires_at = excluded.expires_at,
           version = doorway_credentials.version + 1, updated_at = excluded.updated_at`,
      ).run(...credentialValues({ ...row, version: 1 }))
    },
    async insert(row) {
      const db = await prepared()
      const result = db
        .prepare(
          `INSERT INTO doorway_credentials (${credentialColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (kind, id) DO NOTHING`,
        )
        .run(...credentialValues(row))
      return result.changes === 1
    },
    async replace(row, expectedVersion) {
      const db = await prepared()
      const result = db
        .prepare(
          `UPDATE doorway_credentials SET owner = ?, data = ?, secrets = ?, expires_at = ?,
             version = ?, updated_at = ? WHERE kind = ? AND id = ? AND version = ?`,
        )
        .run(
          row.owner,
          row.data,
          row.secrets,
          row.expiresAt,
          row.version,
          row.updatedAt,
          row.kind,
          row.id,
          expectedVersion,
        )
      return result.changes === 1
    },
    async remove(kind, id, expectedVersion) {
      const db = await prepared()
      const result =
        expectedVersion === undefined
          ? db.prepare('DELETE FROM doorway_credentials WHERE kind = ? AND id = ?').run(kind, id)
          : db
              .prepare('DELETE FROM doorway_credentials WHERE kind = ? AND id = ? AND version = ?')
              .run(kind, id, expectedVersion)
      return result.changes > 0
    },
    async take(kind, id) {
      const db = await prepared()
      const row = db
        .prepare(
          `DELETE FROM doorway_credentials WHERE kind = ? AND id = ? RETURNING ${credentialColumns}`,
        )
        .get(kind, id) as CredentialColumns | undefined
      return row && credentialRowOf(row)
    },
    async list(kind, owner) {
      const db = await prepared()
      const rows = db
        .prepare(
          `SELECT ${credentialColumns} FROM doorway_credentials WHERE kind = ? AND owner = ?`,
        )
        .all(kind, owner) as CredentialColumns[]
      return rows.map(credentialRowOf)
    },
    async purgeExpired(now) {
      const db = await prepared()
      db.prepare(
        'DELETE FROM doorway_credentials WHERE expires_at IS NOT NULL AND expires_at <= ?',
      ).run(now)
    },
    async exclusive(kind, id, task) {
      const db = await prepared()
      const name = `${kind}\u0000${id}`
      const holder = crypto.randomUUID()
      const acquire = db.prepare(
        `INSERT INTO doorway_locks (name, holder, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE doorway_locks.expires_at <= ?`,
      )
      const deadline = Date.now() + (options.lockTimeoutMs ?? 30_000)
      for (;;) {
        const now = Date.now()
        if (acquire.run(name, holder, now + lockLeaseMs, now).changes === 1) break
        if (now >= deadline) {
          throw new Error(`Timed out waiting for another process's lock on a ${kind} record.`)
        }
        await new Promise((resolve) => setTimeout(resolve, lockPollMs))
      }
      try {
        return await task()
      } finally {
        db.prepare('DELETE FROM doorway_locks WHERE name = ? AND holder = ?').run(name, holder)
      }
    },
    async close() {
      if (opened === undefined) return
      const db = await opened
      opened = undefined
      statements.clear()
      db.close()
    },
  }

  return createEncryptedCredentialStore(
    table,
    createCredentialCipher(options.secret),
    options.now ? { now: options.now } : {},
  )
}
