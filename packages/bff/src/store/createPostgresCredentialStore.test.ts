import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type PostgresServer,
  postgresUnavailable,
  startPostgres,
} from '../__tests__/startPostgres.js'
import { BffConfigError } from '../config/BffConfigError.js'
import { loadBffConfig } from '../config/loadBffConfig.js'
import { resolveBffConfig } from '../config/resolveBffConfig.js'
import { putStoreSecrets } from './__tests__/storeSecrets.js'
import type { ConnectedConnection, CredentialStore } from './CredentialStore.js'
import {
  createPostgresCredentialStore,
  isPostgresUrl,
  type PostgresCredentialStoreOptions,
  redactPostgresUrl,
} from './createPostgresCredentialStore.js'

if (postgresUnavailable !== undefined) {
  console.warn(`\n!!! createPostgresCredentialStore tests SKIPPED: ${postgresUnavailable} !!!\n`)
}

const secret = 'store-test-secret-0123456789abcdef'
const key = { userId: 'user-1', provider: 'envoy' }
const connection = (overrides: Partial<ConnectedConnection> = {}): ConnectedConnection => ({
  ...key,
  via: 'direct',
  status: 'connected',
  companyId: '10000',
  scopes: ['locations.read', 'token.refresh'],
  accessToken: 'at-SECRET-stale',
  refreshToken: 'rt-SECRET-1',
  expiresAt: 1_000,
  updatedAt: 0,
  ...overrides,
})
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One deferred promise: a test decides when a held lock is let go. */
function gate() {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

describe.skipIf(postgresUnavailable !== undefined)('createPostgresCredentialStore', () => {
  let server: PostgresServer
  let url: string
  const stores: CredentialStore[] = []
  beforeAll(async () => {
    server = await startPostgres()
  })
  afterAll(async () => {
    await server?.stop()
  })
  beforeEach(async () => {
    url = await server.createDatabase()
  })
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()))
  })

  /** A store with its own pools: what one more BFF process sharing the database would have. */
  const instance = (options: Partial<PostgresCredentialStoreOptions> = {}, at = url) => {
    const store = createPostgresCredentialStore(at, { pg, secret, ...options })
    stores.push(store)
    return store
  }

  /** Runs `sql` on the test's database with a connection of its own. */
  async function sql<R>(text: string, params: unknown[] = [], at = url): Promise<R[]> {
    const client = new pg.Client({ connectionString: at })
    await client.connect()
    try {
      return (await client.query(text, params)).rows as R[]
    } finally {
      await client.end()
    }
  }

  it('migrations: stores migrating a fresh database at once agree, and migrating again changes nothing', async () => {
    const first = Array.from({ length: 5 }, () => instance())
    await Promise.all(
      first.map((store, i) => store.putConnection(connection({ userId: `user-${i}` }))),
    )
    const migrated = await sql('SELECT version, applied_at FROM doorway_migrations')
    expect(migrated).toEqual([{ version: 1, applied_at: expect.any(String) }])

    const again = Array.from({ length: 3 }, () => instance())
    await Promise.all(again.map((store) => store.getConnection(key)))
    expect(await sql('SELECT version, applied_at FROM doorway_migrations')).toEqual(migrated)
    expect(await again[0]?.getConnection({ ...key, userId: 'user-4' })).toEqual(
      connection({ userId: 'user-4' }),
    )
    const [{ count }] = (await sql<{ count: string }>(
      'SELECT count(*) AS count FROM doorway_credentials',
    )) as [{ count: string }]
    expect(count).toBe('5')
  })

  it('update: across instances one fn runs at a time, and the next one sees its result', async () => {
    const [a, b] = [instance(), instance()]
    await a.putConnection(connection())
    let running = 0
    let overlapped = false
    let refreshes = 0
    const refresh = (current: ConnectedConnection | undefined) => {
      if (current?.accessToken !== 'at-SECRET-stale') return Promise.resolve(current)
      return (async () => {
        running++
        overlapped ||= running > 1
        refreshes++
        await settle(40)
        running--
        return { ...current, accessToken: 'at-SECRET-fresh', refreshToken: 'rt-SECRET-2' }
      })()
    }
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b).update(key, (current) =>
          refresh(current as ConnectedConnection | undefined),
        ),
      ),
    )
    expect(refreshes).toBe(1)
    expect(overlapped).toBe(false)
    expect(results.map((r) => (r as ConnectedConnection).accessToken)).toEqual(
      Array(20).fill('at-SECRET-fresh'),
    )
    expect(await b.getConnection(key)).toMatchObject({ refreshToken: 'rt-SECRET-2' })
  })

  it('update: the lock is per key, and is let go when fn throws', async () => {
    const [a, b] = [instance(), instance()]
    await a.putConnection(connection())
    await a.putConnection(connection({ userId: 'user-2' }))
    const held = gate()
    let entered = false
    const holding = a.update(key, async (current) => {
      entered = true
      await held.opened
      return current
    })
    await expect.poll(() => entered).toBe(true)
    // Another key is not blocked by the held one.
    const other = await b.update({ ...key, userId: 'user-2' }, (current) => ({
      ...(current as ConnectedConnection),
      accessToken: 'at-SECRET-other',
    }))
    expect(other).toMatchObject({ accessToken: 'at-SECRET-other' })
    // The same key waits for the holder.
    let waited = false
    const waiting = b.update(key, (current) => {
      waited = true
      return current
    })
    await settle(100)
    expect(waited).toBe(false)
    held.open()
    await Promise.all([holding, waiting])
    expect(waited).toBe(true)

    await expect(
      a.update(key, () => {
        throw new Error('refresh failed')
      }),
    ).rejects.toThrow('refresh failed')
    expect(await b.update(key, (current) => current)).toMatchObject({ userId: 'user-1' })
  })

  it('update: waiting longer than lockTimeoutMs for another instance fails instead of hanging', async () => {
    const a = instance()
    const b = instance({ lockTimeoutMs: 200 })
    await a.putConnection(connection())
    const held = gate()
    let entered = false
    const holding = a.update(key, async (current) => {
      entered = true
      await held.opened
      return current
    })
    await expect.poll(() => entered).toBe(true)
    await expect(b.update(key, (current) => current)).rejects.toThrow(/lock timeout/)
    held.open()
    await holding
    expect(await b.update(key, (current) => current)).toMatchObject({ userId: 'user-1' })
  })

  it('update: one connection per pool is enough for many keys at once (no pool deadlock)', async () => {
    const store = instance({ maxConnections: 1, maxLockConnections: 1 })
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.putConnection(connection({ userId: `u${i}` }))),
    )
    const updated = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.update({ ...key, userId: `u${i}` }, async (current) => {
          await store.getRecord('rhombus-api-key', 'none')
          return { ...(current as ConnectedConnection), accessToken: `at-SECRET-u${i}` }
        }),
      ),
    )
    expect(updated.map((c) => (c as ConnectedConnection).accessToken)).toEqual(
      Array.from({ length: 8 }, (_, i) => `at-SECRET-u${i}`),
    )
  })

  it('22. rows hold no token, refresh token or API key, but the ids and metadata in clear', async () => {
    const store = instance()
    await putStoreSecrets(store, connection())
    const raw = JSON.stringify(await sql('SELECT * FROM doorway_credentials'))
    expect(raw).not.toContain('SECRET')
    expect(raw).toContain('user-1')
    expect(raw).toContain('10000')
    expect(raw).toContain('Doorway')
    expect(raw).toContain('v1.')

    const otherKey = instance({ secret: `${secret}-rotated` })
    await expect(otherKey.getConnection(key)).rejects.toThrow(/DOORWAY_ENCRYPTION_KEY/)
  })

  it('connects on first use only, tries again after a failed start, never shows the password', async () => {
    const missing = new URL(url)
    missing.pathname = '/doorway_not_yet'
    const store = instance({}, missing.href)
    await store.close()
    const error = await store.getConnection(key).then(
      () => undefined,
      (failure: unknown) => failure,
    )
    expect(String(error)).toMatch(/does not exist/)
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(server.password)
    await sql('CREATE DATABASE doorway_not_yet')
    await store.putConnection(connection())
    expect(await store.getConnection(key)).toEqual(connection())
  })

  it('DOORWAY_DB=postgres:// (or postgresql://) names this store; the BFF asks the app for it with node-postgres, doorway-bff makes it itself', async () => {
    expect(isPostgresUrl('postgres://u:p@h/db')).toBe(true)
    expect(isPostgresUrl('PostgreSQL://h/db')).toBe(true)
    expect(isPostgresUrl('./doorway.db')).toBe(false)
    expect(isPostgresUrl('postgres.db')).toBe(false)
    expect(
      redactPostgresUrl('postgresql://u%40x:p%40SECRET@db.test:5433/doorway?password=SECRET'),
    ).toBe('postgresql://u%40x@db.test:5433/doorway')
    expect(redactPostgresUrl('postgres://u:SECRET@[::1')).not.toContain('SECRET')

    for (const scheme of ['postgres', 'postgresql']) {
      const at = `${scheme}${url.slice(url.indexOf(':'))}`
      const config = loadBffConfig({ SESSION_SECRET: secret, DOORWAY_DB: at })
      // Without a store, the app is told how to give one (and the password is not repeated).
      let refused: unknown
      try {
        resolveBffConfig(config)
      } catch (error) {
        refused = error
      }
      expect(refused).toBeInstanceOf(BffConfigError)
      expect(String(refused)).toContain('@doorway/bff/postgres')
      expect(String(refused)).not.toContain(url.slice(url.indexOf('@') - 4, url.indexOf('@')))
      // With the store the app makes from the same URL, it is PostgreSQL.
      const { store } = resolveBffConfig({
        ...config,
        store: createPostgresCredentialStore(at, { pg, secret }),
      })
      stores.push(store)
      await store.putConnection(connection({ userId: scheme }))
      const rows = await sql<{ id: string }>(
        'SELECT id FROM doorway_credentials WHERE kind = $1 ORDER BY id',
        ['connection:envoy'],
      )
      expect(rows.map((row) => row.id)).toContain(scheme)
    }

    let refused: unknown
    try {
      loadBffConfig({ SESSION_SECRET: secret, DOORWAY_DB: 'postgres://doorway:pg-SECRET@/db' })
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(BffConfigError)
    expect(String(refused)).toContain('DOORWAY_DB')
    expect(`${String(refused)} ${JSON.stringify(refused)}`).not.toContain('pg-SECRET')
  })

  it('without node-postgres it refuses at once, saying how to give it', () => {
    expect(() =>
      createPostgresCredentialStore(url, { secret } as unknown as PostgresCredentialStoreOptions),
    ).toThrow(/npm install pg, then `import pg from "pg"` and pass \{ pg, secret \}/)
  })
})
