import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bffRequest, redirectUri, testBff, verifier } from '../__tests__/bffTestKit.js'
import { createSqliteCredentialStore } from '../store/createSqliteCredentialStore.js'

const dir = mkdtempSync(join(tmpdir(), 'doorway-anonymous-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Rows in each table of the SQLite file: what the BFF keeps, across every instance. */
async function rows(file: string) {
  const { default: Database } = await import('libsql')
  const db = new Database(file)
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    return { credentials: count('doorway_credentials'), locks: count('doorway_locks') }
  } finally {
    db.close()
  }
}

const random = () => crypto.randomUUID().replaceAll('-', '')

describe('29. anonymous traffic cannot grow what the server keeps', () => {
  it('29. 2 000 anonymous requests (forged cookies, made-up states, codes and tokens, every route) store nothing', async () => {
    const file = join(dir, 'doorway.db')
    const store = createSqliteCredentialStore(file, { secret: 'anonymous-secret-0123456789abcdef' })
    const { app } = testBff({
      store,
      envoy: {},
      versori: {},
      rhombus: { apiKey: 'rhombus-SECRET-apikey' },
      // Rhombus refuses every made-up code and token.
      respond: (call) =>
        call.url.endsWith('/oauth/token')
          ? Response.json({ error: 'invalid_grant' }, { status: 400 })
          : Response.json({ error: true }, { status: 401 }),
    })
    const forged = () =>
      `doorway_session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${random()}.${random()}.${random()}`
    const requests = (i: number): Request[] => {
      const cookie = i % 2 === 0 ? forged() : undefined
      const state = `${random()}${random()}`
      const as = { ...(cookie && { cookie }) }
      return [
        bffRequest('GET', '/bff/session', as),
        bffRequest('POST', '/bff/auth/rhombus/exchange', {
          ...as,
          body: { code: random(), codeVerifier: verifier, redirectUri },
        }),
        bffRequest('POST', '/bff/auth/envoy/state', { ...as, body: { state } }),
        bffRequest('POST', '/bff/auth/envoy/exchange', {
          ...as,
          body: {
            code: random(),
            state,
            redirectUri: 'http://localhost:5173/oauth/callback/envoy',
          },
        }),
        bffRequest('POST', '/bff/auth/signout', { ...as, body: { everywhere: true } }),
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { ...as, body: {} }),
        bffRequest('POST', '/bff/rhombus/api-keys', { ...as, body: { displayName: random() } }),
        bffRequest('GET', '/bff/envoy/connection?via=rhombus', as),
        bffRequest('POST', '/bff/envoy/versori/complete', {
          ...as,
          body: { code: random(), state },
        }),
        bffRequest('GET', `/bff/${random()}`, as),
      ]
    }
    await store.getRecord('probe', 'opens-the-file')
    const before = await rows(file)
    for (let i = 0; i < 200; i++) {
      const answers = await Promise.all(requests(i).map((request) => app.request(request)))
      for (const answer of answers) expect(answer.status).toBeLessThan(500)
    }
    expect(await rows(file)).toEqual(before)
    expect(before).toEqual({ credentials: 0, locks: 0 })
    await store.close()
  })

  it('29. a made-up legacy pre-exchanged token Rhombus refuses stores nothing, however many', async () => {
    const file = join(dir, 'legacy.db')
    const store = createSqliteCredentialStore(file, { secret: 'anonymous-secret-0123456789abcdef' })
    const { app } = testBff({
      store,
      rhombus: { protocol: 'legacy' },
      respond: () => Response.json({ error: true }, { status: 401 }),
    })
    await store.getRecord('probe', 'opens-the-file')
    for (let i = 0; i < 200; i++) {
      const response = await app.request(
        bffRequest('POST', '/bff/auth/rhombus/exchange', {
          body: { accessToken: random(), redirectUri },
        }),
      )
      expect(response.status).toBe(401)
    }
    expect(await rows(file)).toEqual({ credentials: 0, locks: 0 })
    await store.close()
  })
})
