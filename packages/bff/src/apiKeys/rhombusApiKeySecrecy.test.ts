import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RhombusApiKey } from '@doorway/core'
import { type Sandbox, startSandbox } from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffRequest, type RequestOptions, spyLogger } from '../__tests__/bffTestKit.js'
import { sandboxBff, signInAtSandbox } from '../__tests__/sandboxSignIn.js'
import { createSqliteCredentialStore } from '../store/createSqliteCredentialStore.js'
import { rhombusApiKeys } from './rhombusApiKeys.js'

let sandbox: Sandbox
let dir: string
beforeAll(async () => {
  sandbox = await startSandbox()
  dir = mkdtempSync(join(tmpdir(), 'doorway-api-keys-'))
})
afterAll(async () => {
  await sandbox.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The database file and its write-ahead log, as bytes on disk. */
function databaseBytes(file: string): Buffer {
  const read = (path: string) => {
    try {
      return readFileSync(path)
    } catch {
      return Buffer.alloc(0)
    }
  }
  return Buffer.concat([read(file), read(`${file}-wal`)])
}

describe('22. a minted API key is never shown, never logged and encrypted at rest', () => {
  it('is in no answer, header or log line of the API-key routes, and not in clear in SQLite', async () => {
    const file = join(dir, 'doorway.db')
    const store = createSqliteCredentialStore(file, { secret: 'store-secret-0123456789abcdefghij' })
    const logger = spyLogger()
    const { app } = sandboxBff(sandbox, { store, logger })
    const seen: string[] = []
    const call = async (method: string, path: string, options: RequestOptions) => {
      const response = await app.request(bffRequest(method, path, options))
      seen.push(
        `${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`,
      )
      return response
    }

    const minted: { summary: RhombusApiKey; cookie: string }[] = []
    for (const account of ['standard', 'partner'] as const) {
      const cookie = await signInAtSandbox(sandbox, app, account)
      const displayName = `Secret keeper ${account}`
      const response = await call('POST', '/bff/rhombus/api-keys', {
        cookie,
        body: { displayName },
      })
      expect(response.status).toBe(201)
      const { apiKeys } = (await (
        await app.request(bffRequest('GET', '/bff/rhombus/api-keys', { cookie }))
      ).json()) as { apiKeys: RhombusApiKey[] }
      const summary = apiKeys.find((key) => key.displayName === displayName)
      if (summary === undefined) throw new Error('not listed')
      minted.push({ summary, cookie })
      await call('GET', '/bff/rhombus/api-keys', { cookie })
      await call('HEAD', '/bff/rhombus/api-keys', { cookie })
      await call('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName: '' } })
      await call('DELETE', '/bff/rhombus/api-keys/01J00000000000000000000000', { cookie })
    }

    const keys: string[] = []
    for (const { summary } of minted) {
      const record = await store.getRecord('rhombus-api-key', summary.id)
      const apiKey = record?.secrets.apiKey
      expect(apiKey).toMatch(/.{8,}/)
      keys.push(apiKey as string)
    }
    // The keys are the ones Rhombus minted: they work there.
    const atSandbox = (await (await fetch(`${sandbox.url}/__sandbox/rhombus/api-keys`)).json()) as {
      apiKeys: { apiKey: string }[]
    }
    expect(atSandbox.apiKeys.map((key) => key.apiKey)).toEqual(expect.arrayContaining(keys))

    // At rest: the names are in clear (so the search can find text), the keys are not.
    const bytes = databaseBytes(file)
    expect(bytes.includes('Secret keeper standard')).toBe(true)
    for (const apiKey of keys) expect(bytes.includes(apiKey)).toBe(false)

    // Background work logs too, and never the key.
    const owner = (await store.getRecord('rhombus-api-key', minted[0]?.summary.id ?? ''))?.ownerId
    const client = await rhombusApiKeys({
      store,
      apiUrl: sandbox.rhombus.apiUrl,
      logger,
    }).client(owner ?? '', minted[0]?.summary.id ?? '')
    await client.request('/user/getUsersInOrg')

    for (const { summary, cookie } of minted) {
      const response = await call('DELETE', `/bff/rhombus/api-keys/${summary.id}`, { cookie })
      expect(response.status).toBe(200)
    }
    await store.close()

    expect(seen.length).toBe(12)
    for (const answer of seen) for (const apiKey of keys) expect(answer).not.toContain(apiKey)
    const lines = Object.values(logger).flatMap((level) => level.mock.calls)
    const logged = JSON.stringify(lines)
    expect(logged).toContain('rhombus api key minted')
    expect(logged).toContain('submitApiTokenApplication')
    expect(logged).toContain('getUsersInOrg')
    for (const apiKey of keys) expect(logged).not.toContain(apiKey)
    const after = databaseBytes(file)
    for (const apiKey of keys) expect(after.includes(apiKey)).toBe(false)
  })
})
