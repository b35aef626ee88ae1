import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bffRequest, oauth2Tokens, signIn, testBff } from '../__tests__/bffTestKit.js'
import { createSqliteCredentialStore } from '../store/createSqliteCredentialStore.js'

const dir = mkdtempSync(join(tmpdir(), 'doorway-key-change-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a changed DOORWAY_ENCRYPTION_KEY', () => {
  it('makes sessions stored under the old key anonymous (sign in again), never a 500', async () => {
    const file = join(dir, 'doorway.db')
    const before = testBff({
      respond: () => oauth2Tokens(),
      store: createSqliteCredentialStore(file, {
        secret: 'the-old-encryption-key-0123456789abcdef',
      }),
    })
    const cookie = await signIn(before.app)
    await before.store.close()
    const after = testBff({
      respond: () => oauth2Tokens(),
      store: createSqliteCredentialStore(file, {
        secret: 'the-new-encryption-key-0123456789abcdef',
      }),
    })
    for (const path of ['/bff/config', '/bff/session']) {
      const response = await after.app.request(bffRequest('GET', path, { cookie }))
      expect(response.status).toBe(200)
    }
    const session = await after.app.request(bffRequest('GET', '/bff/session', { cookie }))
    expect(await session.json()).toEqual({ authenticated: false })
    const proxied = await after.app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(await proxied.json()).toMatchObject({ code: 'unauthenticated' })
    // Signing in again works under the new key.
    const fresh = await signIn(after.app)
    expect(
      await (await after.app.request(bffRequest('GET', '/bff/session', { cookie: fresh }))).json(),
    ).toMatchObject({ authenticated: true })
    await after.store.close()
  })
})
