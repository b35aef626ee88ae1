import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultRhombusClient, type Sandbox, startSandbox } from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgres.js'
import { bffHeaders, postToBff, signInThroughBff } from '../support/processSignIn.js'
import { type BffProcess, startBffProcess } from '../support/startBffProcess.js'

/**
 * Server-side sessions across real `doorway-bff` processes sharing one store: one SQLite
 * file, and one PostgreSQL database. Sign-out holds on every instance and after restarts
 * (SECURITY 27); refreshes are single-flight across instances, and never send a refresh
 * token twice (SECURITY 28), counted at the sandbox.
 */

/** Sandbox access tokens live this long: the BFF renews them after half of it. */
const tokenTtlSeconds = 4

if (postgresUnavailable !== undefined) {
  console.warn(`\n!!! sessions across instances (postgres) SKIPPED: ${postgresUnavailable} !!!\n`)
}

const kinds = ['sqlite', ...(postgresUnavailable === undefined ? ['postgres'] : [])] as const

describe.each(kinds)('server-side sessions across BFF processes on one store (%s)', (kind) => {
  let sandbox: Sandbox
  let postgres: PostgresServer | undefined
  let dir: string | undefined
  let env: Record<string, string>
  const running: BffProcess[] = []
  let a: BffProcess
  let b: BffProcess

  const start = async () => {
    const bff = await startBffProcess(env)
    running.push(bff)
    return bff
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ tokenTtlSeconds })
    let database: string
    if (kind === 'postgres') {
      postgres = await startPostgres()
      database = await postgres.createDatabase('doorway_sessions')
    } else {
      dir = mkdtempSync(join(tmpdir(), 'doorway-sessions-'))
      database = join(dir, 'doorway.db')
    }
    env = {
      SESSION_SECRET: 'sessions-integration-secret-0123456789abcdef',
      // The origin of the sandbox's default client's redirect URI.
      DOORWAY_APP_ORIGIN: 'http://localhost:5173',
      RHOMBUS_CLIENT_ID: defaultRhombusClient.clientId,
      RHOMBUS_CLIENT_SECRET: defaultRhombusClient.clientSecret ?? '',
      RHOMBUS_CONSOLE_URL: sandbox.rhombus.consoleUrl,
      RHOMBUS_AUTH_URL: sandbox.rhombus.authWebUrl,
      RHOMBUS_API_URL: sandbox.rhombus.apiUrl,
      DOORWAY_DB: database,
    }
    ;[a, b] = await Promise.all([start(), start()])
  })
  afterAll(async () => {
    await Promise.all(running.map((bff) => bff.stop()))
    await Promise.all([sandbox?.close(), postgres?.stop()])
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const post = postToBff
  const signIn = (bff: BffProcess) => signInThroughBff(sandbox, bff)
  const session = async (bff: BffProcess, cookie: string) =>
    (await fetch(`${bff.url}/session`, { headers: bffHeaders(cookie) })).json()
  const users = async (bff: BffProcess, cookie: string) => {
    const response = await post(bff, '/rhombus/api/user/getUsersInOrg', {}, cookie)
    return { status: response.status, body: await response.json() }
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('27. a cookie signed out at one instance is dead at the other, for every route, and after both restart', async () => {
    const cookie = await signIn(a)
    expect(await session(b, cookie)).toMatchObject({
      authenticated: true,
      org: { name: 'Sandbox Org' },
    })
    expect((await post(a, '/auth/signout', {}, cookie)).status).toBe(200)
    expect(await session(b, cookie)).toEqual({ authenticated: false })
    expect((await users(b, cookie)).body).toMatchObject({ code: 'unauthenticated' })
    const mint = await post(b, '/rhombus/api-keys', { displayName: 'after sign-out' }, cookie)
    expect(mint.status).toBe(401)
    expect(sandbox.requests.filter((r) => r.path.endsWith('submitApiTokenApplication'))).toEqual([])

    await Promise.all([a.stop(), b.stop()])
    ;[a, b] = await Promise.all([start(), start()])
    expect(await session(a, cookie)).toEqual({ authenticated: false })
    expect((await users(b, cookie)).status).toBe(401)
  })

  it('27. a live session survives a restart; "sign out everywhere" at one instance ends the sessions made at the other', async () => {
    const first = await signIn(a)
    const second = await signIn(b)
    await a.stop()
    a = await start()
    expect(await session(a, first)).toMatchObject({ authenticated: true })
    expect((await post(a, '/auth/signout', { everywhere: true }, first)).status).toBe(200)
    expect(await session(b, second)).toEqual({ authenticated: false })
    expect(await session(a, first)).toEqual({ authenticated: false })
  })

  it('28. 100 concurrent proxied calls at expiry, split over both instances, make one refresh (counted at the sandbox)', async () => {
    const cookie = await signIn(a)
    sandbox.resetRhombusTokenStats()
    await sleep((tokenTtlSeconds / 2) * 1000 + 300)
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => users(i % 2 === 0 ? a : b, cookie)),
    )
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200))
    expect(sandbox.rhombusTokenStats()).toMatchObject({ refreshes: 1, reusedRefreshTokens: 0 })
    // Across three more expiries the session keeps working, one refresh each.
    for (let expiry = 1; expiry <= 3; expiry++) {
      await sleep((tokenTtlSeconds / 2) * 1000 + 300)
      expect((await users(expiry % 2 === 0 ? a : b, cookie)).status).toBe(200)
    }
    expect(sandbox.rhombusTokenStats()).toMatchObject({ refreshes: 4, reusedRefreshTokens: 0 })
    expect(await session(b, cookie)).toMatchObject({ authenticated: true })
  })

  it('28. a refresh refused with invalid_grant ends the session on both instances (session_expired)', async () => {
    const cookie = await signIn(b)
    sandbox.revokeRhombusRefreshTokens()
    await sleep((tokenTtlSeconds / 2) * 1000 + 300)
    expect((await users(a, cookie)).body).toMatchObject({ code: 'session_expired' })
    expect(await session(b, cookie)).toEqual({ authenticated: false, expired: true })
    expect(sandbox.rhombusTokenStats().reusedRefreshTokens).toBe(0)
  })
})
