import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  type PostgresServer,
  postgresUnavailable,
  startPostgres,
} from '../__tests__/startPostgres.js'
import { putStoreSecrets } from './__tests__/storeSecrets.js'
import type { ConnectedConnection, CredentialStore } from './CredentialStore.js'
import { createMemoryCredentialStore } from './createMemoryCredentialStore.js'
import { createPostgresCredentialStore } from './createPostgresCredentialStore.js'
import { createSqliteCredentialStore } from './createSqliteCredentialStore.js'

const secret = 'store-test-secret-0123456789abcdef'
const dirs: string[] = []
const stores: CredentialStore[] = []
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'doorway-store-'))
  dirs.push(dir)
  return join(dir, 'doorway.db')
}

// PostgreSQL: a throwaway server for this file, a fresh database for every test.
let postgres: PostgresServer | undefined
let postgresDatabase = ''
if (postgresUnavailable === undefined) {
  beforeAll(async () => {
    postgres = await startPostgres()
  })
  afterAll(async () => {
    await postgres?.stop()
  })
} else {
  console.warn(`\n!!! CredentialStore (postgres) SKIPPED: ${postgresUnavailable} !!!\n`)
}

const implementations: [string, () => CredentialStore][] = [
  ['memory', () => createMemoryCredentialStore()],
  ['sqlite', () => createSqliteCredentialStore(tempFile(), { secret })],
]
if (postgresUnavailable === undefined) {
  implementations.push([
    'postgres',
    () => createPostgresCredentialStore(postgresDatabase, { pg, secret }),
  ])
}

const key = { userId: 'user-1', provider: 'envoy' }
const connection = (overrides: Partial<ConnectedConnection> = {}): ConnectedConnection => ({
  ...key,
  via: 'direct',
  status: 'connected',
  companyId: '10000',
  scopes: ['locations.read', 'token.refresh'],
  accessToken: 'at-SECRET-1',
  refreshToken: 'rt-SECRET-1',
  expiresAt: 1_000,
  refreshExpiresAt: 2_000,
  updatedAt: 0,
  ...overrides,
})

describe.each(implementations)('CredentialStore (%s)', (name, make) => {
  beforeEach(async () => {
    if (name === 'postgres' && postgres) postgresDatabase = await postgres.createDatabase()
  })
  const open = () => {
    const store = make()
    stores.push(store)
    return store
  }

  it('puts, gets and deletes a connection by user and provider', async () => {
    const store = open()
    expect(await store.getConnection(key)).toBeUndefined()
    await store.putConnection(connection())
    expect(await store.getConnection(key)).toEqual(connection())
    expect(await store.getConnection({ ...key, userId: 'user-2' })).toBeUndefined()
    expect(await store.getConnection({ ...key, provider: 'other' })).toBeUndefined()
    await store.putConnection(connection({ accessToken: 'at-SECRET-2' }))
    expect((await store.getConnection(key))?.status === 'connected').toBe(true)
    expect(await store.deleteConnection(key)).toBe(true)
    expect(await store.deleteConnection(key)).toBe(false)
    expect(await store.getConnection(key)).toBeUndefined()
  })

  it('update: writes what fn returns, nothing when it returns current, deletes on undefined', async () => {
    const store = open()
    expect(await store.update(key, (current) => current)).toBeUndefined()
    await store.update(key, () => connection())
    const unchanged = await store.update(key, (current) => current)
    expect(unchanged).toEqual(connection())
    const rotated = await store.update(key, (current) => ({
      ...(current as ConnectedConnection),
      refreshToken: 'rt-SECRET-2',
    }))
    expect(rotated).toMatchObject({ refreshToken: 'rt-SECRET-2' })
    expect(await store.getConnection(key)).toMatchObject({ refreshToken: 'rt-SECRET-2' })
    expect(await store.update(key, () => undefined)).toBeUndefined()
    expect(await store.getConnection(key)).toBeUndefined()
  })

  it('update: concurrent updates of one key see each other (no lost update)', async () => {
    const store = open()
    await store.putConnection(connection({ scopes: [] }))
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update(key, async (current) => {
          await new Promise((resolve) => setTimeout(resolve, 1))
          const live = current as ConnectedConnection
          return { ...live, scopes: [...live.scopes, `s${i}`] }
        }),
      ),
    )
    expect((await store.getConnection(key))?.scopes).toHaveLength(20)
  })

  it('update: a write by someone else in between makes fn run again with the newer value', async () => {
    const store = open()
    await store.putConnection(connection())
    const seen: (string | undefined)[] = []
    let interfered = false
    await store.update(key, async (current) => {
      const live = current as ConnectedConnection
      seen.push(live.refreshToken)
      if (!interfered) {
        interfered = true
        // Another writer (another instance) rotates the token meanwhile.
        await store.putConnection(connection({ refreshToken: 'rt-SECRET-other' }))
      }
      return { ...live, accessToken: `${live.accessToken}+` }
    })
    expect(seen).toEqual(['rt-SECRET-1', 'rt-SECRET-other'])
    expect(await store.getConnection(key)).toMatchObject({ refreshToken: 'rt-SECRET-other' })
  })

  it('records: put, get, take once, delete; expired ones are gone', async () => {
    const store = open()
    const record = {
      kind: 'rhombus-api-key',
      id: 'key-1',
      ownerId: 'user-1',
      data: { displayName: 'Doorway', createdAt: 1 },
      secrets: { apiKey: 'ak-SECRET' },
    }
    await store.putRecord(record)
    expect(await store.getRecord('rhombus-api-key', 'key-1')).toEqual(record)
    const [first, second] = await Promise.all([
      store.takeRecord('rhombus-api-key', 'key-1'),
      store.takeRecord('rhombus-api-key', 'key-1'),
    ])
    expect([first, second].filter(Boolean)).toEqual([record])
    await store.putRecord({ ...record, id: 'old', expiresAt: Date.now() - 1 })
    expect(await store.getRecord('rhombus-api-key', 'old')).toBeUndefined()
    expect(await store.takeRecord('rhombus-api-key', 'old')).toBeUndefined()
    await store.putRecord({ ...record, id: 'gone' })
    expect(await store.deleteRecord('rhombus-api-key', 'gone')).toBe(true)
    expect(await store.getRecord('rhombus-api-key', 'gone')).toBeUndefined()
    await expect(store.getRecord('connection:envoy', 'user-1')).rejects.toThrow(/reserved/)
  })

  it("records: listRecords gives one owner's live records of one kind, by id", async () => {
    const store = open()
    const record = (id: string, ownerId: string, kind = 'rhombus-api-key') => ({
      kind,
      id,
      ownerId,
      data: { displayName: id },
      secrets: { apiKey: `ak-SECRET-${id}` },
    })
    await store.putRecord(record('b', 'user-1'))
    await store.putRecord(record('a', 'user-1'))
    await store.putRecord(record('c', 'user-2'))
    await store.putRecord(record('d', 'user-1', 'other-kind'))
    await store.putRecord({ ...record('e', 'user-1'), expiresAt: Date.now() - 1 })
    expect(await store.listRecords('rhombus-api-key', 'user-1')).toEqual([
      record('a', 'user-1'),
      record('b', 'user-1'),
    ])
    expect(await store.listRecords('rhombus-api-key', 'nobody')).toEqual([])
    await expect(store.listRecords('connection:envoy', 'user-1')).rejects.toThrow(/reserved/)
  })

  it('records: updateRecord writes atomically (concurrent updates see each other), keeps kind and id', async () => {
    const store = open()
    const base = { kind: 'session', id: 's-1', ownerId: 'user-1', data: { n: 0 }, secrets: {} }
    await store.putRecord(base)
    await Promise.all(
      Array.from({ length: 10 }, () =>
        store.updateRecord('session', 's-1', (current) =>
          current ? { ...current, data: { n: (current.data.n as number) + 1 } } : current,
        ),
      ),
    )
    expect((await store.getRecord('session', 's-1'))?.data).toEqual({ n: 10 })
    await expect(
      store.updateRecord('session', 's-1', (current) => current && { ...current, id: 's-2' }),
    ).rejects.toThrow(/kind and id/)
    expect(await store.updateRecord('session', 's-1', () => undefined)).toBeUndefined()
    expect(await store.getRecord('session', 's-1')).toBeUndefined()
    // An expired record reads as none, and can be written anew.
    await store.putRecord({ ...base, expiresAt: Date.now() - 1 })
    const seen: unknown[] = []
    await store.updateRecord('session', 's-1', (current) => {
      seen.push(current)
      return { ...base, data: { n: 1 } }
    })
    expect(seen).toEqual([undefined])
    expect((await store.getRecord('session', 's-1'))?.data).toEqual({ n: 1 })
  })

  it("records: deleteRecords forgets one owner's records of one kind, and no other", async () => {
    const store = open()
    const record = (id: string, ownerId: string, kind = 'session') => ({
      kind,
      id,
      ownerId,
      data: {},
      secrets: { accessToken: `at-SECRET-${id}` },
    })
    await store.putRecord(record('a', 'user-1'))
    await store.putRecord(record('b', 'user-1'))
    await store.putRecord(record('c', 'user-2'))
    await store.putRecord(record('d', 'user-1', 'rhombus-api-key'))
    expect(await store.deleteRecords('session', 'user-1')).toBe(2)
    expect(await store.listRecords('session', 'user-1')).toEqual([])
    expect(await store.getRecord('session', 'c')).toBeDefined()
    expect(await store.getRecord('rhombus-api-key', 'd')).toBeDefined()
  })
})

describe('SQLite: one file shared by several stores (processes)', () => {
  it('updateRecord runs one fn at a time across stores on one file (a lease in doorway_locks)', async () => {
    const file = tempFile()
    const a = createSqliteCredentialStore(file, { secret })
    const b = createSqliteCredentialStore(file, { secret })
    stores.push(a, b)
    await a.putRecord({ kind: 'session', id: 's', data: { n: 0 }, secrets: {} })
    let running = 0
    let most = 0
    const bump = (store: CredentialStore) =>
      store.updateRecord('session', 's', async (current) => {
        running++
        most = Math.max(most, running)
        await new Promise((resolve) => setTimeout(resolve, 20))
        running--
        return current && { ...current, data: { n: (current.data.n as number) + 1 } }
      })
    await Promise.all([bump(a), bump(b), bump(a), bump(b)])
    expect(most).toBe(1)
    expect((await b.getRecord('session', 's'))?.data).toEqual({ n: 4 })
  })

  it('a lock whose holder died is taken over once its lease is over; a live one is waited for up to lockTimeoutMs', async () => {
    const file = tempFile()
    const store = createSqliteCredentialStore(file, { secret, lockTimeoutMs: 100 })
    stores.push(store)
    await store.putRecord({ kind: 'session', id: 's', data: {}, secrets: {} })
    const { default: Database } = await import('libsql')
    const db = new Database(file)
    db.prepare('INSERT INTO doorway_locks (name, holder, expires_at) VALUES (?, ?, ?)').run(
      'session\u0000s',
      'dead-process',
      Date.now() + 60_000,
    )
    await expect(store.updateRecord('session', 's', (c) => c)).rejects.toThrow(/lock/)
    db.prepare('UPDATE doorway_locks SET expires_at = ?').run(Date.now() - 1)
    db.close()
    expect(await store.updateRecord('session', 's', (c) => c)).toMatchObject({ id: 's' })
  })
})

describe('22. stored tokens are encrypted at rest (SQLite)', () => {
  it('22. the raw database files contain no token, refresh token or API key, but the ids in clear', async () => {
    const file = tempFile()
    const store = createSqliteCredentialStore(file, { secret })
    await putStoreSecrets(store, connection())
    const beforeClose = readdirSync(join(file, '..')).map((name) =>
      readFileSync(join(file, '..', name)),
    )
    await store.close()
    const raw = Buffer.concat([
      ...beforeClose,
      ...readdirSync(join(file, '..')).map((name) => readFileSync(join(file, '..', name))),
    ]).toString('latin1')
    expect(raw.length).toBeGreaterThan(1000)
    for (const value of [
      'at-SECRET-1',
      'rt-SECRET-1',
      'at-SECRET-rotated',
      'rt-SECRET-rotated',
      'ak-SECRET-minted',
      'SECRET',
    ]) {
      expect(raw).not.toContain(value)
    }
    expect(raw).toContain('user-1')
    expect(raw).toContain('10000')
    expect(raw).toContain('Doorway')

    const reopened = createSqliteCredentialStore(file, { secret })
    stores.push(reopened)
    expect(await reopened.getConnection(key)).toMatchObject({ refreshToken: 'rt-SECRET-rotated' })
    expect((await reopened.getRecord('rhombus-api-key', 'key-1'))?.secrets.apiKey).toBe(
      'ak-SECRET-minted',
    )
  })

  it('22. another key cannot read them, and a sealed value does not open in another row', async () => {
    const file = tempFile()
    const store = createSqliteCredentialStore(file, { secret })
    await store.putConnection(connection())
    await store.close()
    const wrong = createSqliteCredentialStore(file, { secret: `${secret}-rotated` })
    stores.push(wrong)
    await expect(wrong.getConnection(key)).rejects.toThrow(/DOORWAY_ENCRYPTION_KEY/)

    const { default: Database } = await import('libsql')
    const db = new Database(file)
    db.prepare(
      "INSERT INTO doorway_credentials (kind, id, owner, data, secrets, version, updated_at) SELECT kind, 'user-2', 'user-2', replace(data, 'user-1', 'user-2'), secrets, 1, 0 FROM doorway_credentials WHERE id = 'user-1'",
    ).run()
    db.close()
    const same = createSqliteCredentialStore(file, { secret })
    stores.push(same)
    await expect(same.getConnection({ ...key, userId: 'user-2' })).rejects.toThrow(/decrypted/)
    expect(await same.getConnection(key)).toMatchObject({ accessToken: 'at-SECRET-1' })
  })

  it('creates its table idempotently and the file with mode 0600', async () => {
    const file = tempFile()
    for (let i = 0; i < 2; i++) {
      const store = createSqliteCredentialStore(file, { secret })
      await store.putConnection(connection({ updatedAt: i }))
      await store.close()
    }
    const { statSync } = await import('node:fs')
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('opens nothing until first used', async () => {
    const file = tempFile()
    const store = createSqliteCredentialStore(file, { secret })
    await store.close()
    expect(readdirSync(join(file, '..'))).toEqual([])
  })
})
