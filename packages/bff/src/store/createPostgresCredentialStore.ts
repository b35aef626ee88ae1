import type { Pool, PoolClient, PoolConfig, QueryResultRow } from 'pg'
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

/** What the store needs of node-postgres: its `Pool` (`import pg from 'pg'`, then `pg`). */
export interface PostgresDriver {
  Pool: new (config: PoolConfig) => Pool
}

/** Options of {@link createPostgresCredentialStore}. */
export interface PostgresCredentialStoreOptions {
  /**
   * node-postgres, from the app: `import pg from 'pg'`, then `{ pg }`. The store never
   * imports it itself, so no bundler (Next.js, Vite SSR) goes looking for it in an app that
   * does not use PostgreSQL.
   */
  pg: PostgresDriver
  /**
   * What the encryption key is derived from: `DOORWAY_ENCRYPTION_KEY`, else `SESSION_SECRET`
   * (see {@link createCredentialCipher}). Every instance sharing the database needs the same.
   */
  secret: string | Uint8Array
  now?: () => number
  /** Connections for queries, per process. Default 10. */
  maxConnections?: number
  /**
   * Connections that hold the per-connection update locks, per process (a separate pool, so
   * a lock holder always finds a connection for its own queries). Default 10.
   */
  maxLockConnections?: number
  /** How long `update` waits for another instance's lock before failing. Default 30 000 ms. */
  lockTimeoutMs?: number
  /** How long to wait for a new connection to PostgreSQL. Default 10 000 ms. */
  connectionTimeoutMs?: number
}

/** True when `DOORWAY_DB` (or `databaseFile`) names a PostgreSQL database rather than a file. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value)
}

/**
 * `url` fit for logs and startup banners: no password, no query (which may carry one, as
 * `?password=`), no fragment. Never print a `DOORWAY_DB` URL without it.
 */
export function redactPostgresUrl(url: string): string {
  if (!URL.canParse(url)) return 'postgres://(unparseable URL)'
  const parsed = new URL(url)
  parsed.password = ''
  parsed.search = ''
  parsed.hash = ''
  return parsed.href
}

/**
 * The schema, one entry per version (recorded in `doorway_migrations`). Append, never edit:
 * a database migrated by an older Doorway runs only the entries it has not recorded yet.
 */
const migrations: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS doorway_credentials (
     kind text NOT NULL,
     id text NOT NULL,
     owner text,
     data text NOT NULL,
     secrets text,
     expires_at bigint,
     version bigint NOT NULL,
     updated_at bigint NOT NULL,
     PRIMARY KEY (kind, id)
   );
   CREATE INDEX IF NOT EXISTS doorway_credentials_owner ON doorway_credentials (kind, owner);
   CREATE INDEX IF NOT EXISTS doorway_credentials_expiry ON doorway_credentials (expires_at)
     WHERE expires_at IS NOT NULL;`,
]

/** A signed 64-bit advisory-lock key: the first 8 bytes of SHA-256 of `name`. */
async function lockKey(name: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(name))
  return new DataView(digest).getBigInt64(0).toString()
}

/**
 * A {@link CredentialStore} on PostgreSQL, for more than one BFF instance: the table
 * `doorway_credentials` (as in SQLite), secret fields sealed with AES-256-GCM, ids and
 * metadata in clear. Nothing connects until first use; then the schema is migrated once
 * per process, in a transaction under `pg_advisory_xact_lock`, recorded in
 * `doorway_migrations`, so instances starting together are safe. `update` (Envoy refresh)
 * holds a session-level `pg_advisory_lock` for the connection's key while it reads, calls
 * `fn` and writes, so across every instance one update of a connection runs at a time and
 * the next one sees its result. `pg` comes from the app (`options.pg`, an optional peer
 * dependency); this module never imports it.
 *
 * @example
 * import pg from 'pg'
 * import { createPostgresCredentialStore } from '@doorway/bff/postgres'
 *
 * const store = createPostgresCredentialStore(process.env.DOORWAY_DB!, {
 *   pg,
 *   secret: process.env.DOORWAY_ENCRYPTION_KEY!,
 * })
 */
export function createPostgresCredentialStore(
  url: string,
  options: PostgresCredentialStoreOptions,
): CredentialStore {
  if (typeof options.pg?.Pool !== 'function') {
    throw new TypeError(
      'createPostgresCredentialStore needs node-postgres from the app: npm install pg, then `import pg from "pg"` and pass { pg, secret }.',
    )
  }
  let opened: Promise<{ pool: Pool; locks: Pool }> | undefined
  const open = () => {
    if (opened !== undefined) return opened
    const opening = (async () => {
      const { pg } = options
      const settings = {
        connectionString: url,
        application_name: 'doorway-bff',
        connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      }
      const pool = new pg.Pool({ ...settings, max: options.maxConnections ?? 10 })
      const locks = new pg.Pool({
        ...settings,
        max: options.maxLockConnections ?? 10,
        lock_timeout: options.lockTimeoutMs ?? 30_000,
      })
      // An idle connection that breaks is dropped by the pool; without a listener the
      // 'error' event would end the process. The next query opens a new one.
      pool.on('error', () => {})
      locks.on('error', () => {})
      try {
        await migrate(pool)
      } catch (error) {
        await Promise.all([pool.end(), locks.end()])
        throw error
      }
      return { pool, locks }
    })()
    opened = opening
    // A failed start (say, the database was not up yet) is tried again on the next call.
    opening.catch(() => {
      if (opened === opening) opened = undefined
    })
    return opening
  }

  const query = async <R extends QueryResultRow = CredentialColumns>(
    text: string,
    params: unknown[],
  ) => (await open()).pool.query<R>(text, params)

  const table: CredentialTable = {
    async read(kind, id) {
      const { rows } = await query(
        `SELECT ${credentialColumns} FROM doorway_credentials WHERE kind = $1 AND id = $2`,
        [kind, id],
      )
      return rows[0] && credentialRowOf(rows[0])
    },
    async upsert(row) {
      await query(
        `INSERT INTO doorway_credentials (${credentialColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kind, id) DO UPDATE SET owner = excluded.owner, data = excluded.data,
           secrets = excluded.secrets, expires_at = excluded.expires_at,
           version = doorway_credentials.version + 1, updated_at = excluded.updated_at`,
        credentialValues({ ...row, version: 1 }),
      )
    },
    async insert(row) {
      const result = await query(
        `INSERT INTO doorway_credentials (${credentialColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kind, id) DO NOTHING`,
        credentialValues(row),
      )
      return result.rowCount === 1
    },
    async replace(row, expectedVersion) {
      const result = await query(
        `UPDATE doorway_credentials SET owner = $3, data = $4, secrets = $5, expires_at = $6,
           version = $7, updated_at = $8 WHERE kind = $1 AND id = $2 AND version = $9`,
        [...credentialValues(row), expectedVersion],
      )
      return result.rowCount === 1
    },
    async remove(kind, id, expectedVersion) {
      const result =
        expectedVersion === undefined
          ? await query('DELETE FROM doorway_credentials WHERE kind = $1 AND id = $2', [kind, id])
          : await query(
              'DELETE FROM doorway_credentials WHERE kind = $1 AND id = $2 AND version = $3',
              [kind, id, expectedVersion],
            )
      return (result.rowCount ?? 0) > 0
    },
    async take(kind, id) {
      const { rows } = await query(
        `DELETE FROM doorway_credentials WHERE kind = $1 AND id = $2 RETURNING ${credentialColumns}`,
        [kind, id],
      )
      return rows[0] && credentialRowOf(rows[0])
    },
    async list(kind, owner) {
      const { rows } = await query(
        `SELECT ${credentialColumns} FROM doorway_credentials WHERE kind = $1 AND owner = $2`,
        [kind, owner],
      )
      return rows.map(credentialRowOf)
    },
    async purgeExpired(now) {
      await query(
        'DELETE FROM doorway_credentials WHERE expires_at IS NOT NULL AND expires_at <= $1',
        [now],
      )
    },
    async exclusive(kind, id, task) {
      const [{ locks }, key] = await Promise.all([
        open(),
        lockKey(`doorway/credential/${kind}\u0000${id}`),
      ])
      const client = await locks.connect()
      // The connection sits idle while `task` runs: a break then must not end the process
      // (PostgreSQL frees the lock with the session).
      const ignore = () => {}
      client.on('error', ignore)
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key])
      } catch (error) {
        release(client, ignore, error)
        throw error
      }
      try {
        return await task()
      } finally {
        try {
          await client.query('SELECT pg_advisory_unlock($1)', [key])
          release(client, ignore)
        } catch (error) {
          // Closing the session is what releases the lock now.
          release(client, ignore, error)
        }
      }
    },
    async close() {
      if (opened === undefined) return
      const closing = opened
      opened = undefined
      const { pool, locks } = await closing.catch(() => ({ pool: undefined, locks: undefined }))
      await Promise.all([pool?.end(), locks?.end()])
    },
  }

  return createEncryptedCredentialStore(
    table,
    createCredentialCipher(options.secret),
    options.now ? { now: options.now } : {},
  )
}

/** Gives the lock connection back, or (after `error`) closes it instead of reusing it. */
function release(client: PoolClient, listener: () => void, error?: unknown) {
  client.off('error', listener)
  client.release(error === undefined ? undefined : error instanceof Error ? error : true)
}

/**
 * Brings the schema up to date: one transaction holding a transaction-level advisory lock,
 * so two instances migrating at once run one after the other and the second finds every
 * version recorded.
 */
async function migrate(pool: Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock($1)', [await lockKey('doorway/migrations')])
    await client.query(
      `CREATE TABLE IF NOT EXISTS doorway_migrations (
         version integer PRIMARY KEY,
         applied_at bigint NOT NULL
       )`,
    )
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM doorway_migrations',
    )
    for (let version = (rows[0]?.version ?? 0) + 1; version <= migrations.length; version++) {
      await client.query(migrations[version - 1] as string)
      await client.query('INSERT INTO doorway_migrations (version, applied_at) VALUES ($1, $2)', [
        version,
        Date.now(),
      ])
    }
    await client.query('COMMIT')
    client.release()
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    client.release(true)
    throw error
  }
}
