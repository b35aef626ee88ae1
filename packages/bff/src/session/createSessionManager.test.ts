import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EncryptJWT } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  bffRequest,
  cookieOf,
  jwtAccessToken,
  oauth2Tokens,
  type RecordedCall,
  redirectUri,
  sessionCookie,
  signIn,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import { createSqliteCredentialStore } from '../store/createSqliteCredentialStore.js'
import { expiredSessionGraceSeconds, sessionKey } from './createSessionManager.js'

const session = (cookie?: string, base?: string) =>
  bffRequest('GET', '/bff/session', { cookie, ...(base && { base }) })

describe('14. session cookie', () => {
  it('14. session cookie is HttpOnly, Secure, SameSite, Path=/, no Domain', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens({ expires_in: 1200 }) })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: {
          code: 'c',
          codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
        },
      }),
    )
    const header = response.headers.get('set-cookie') ?? ''
    const [pair, ...attributes] = header.split('; ')
    expect(pair?.startsWith('doorway_session=')).toBe(true)
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/']),
    )
    // The session's maximum age (it is refreshed), plus a day in which the BFF can say it ended.
    expect(attributes).toContain(`Max-Age=${2_592_000 + expiredSessionGraceSeconds}`)
    expect(header.toLowerCase()).not.toContain('domain')
  })

  it('14. is named __Host-doorway_session when served over HTTPS (directly or behind a TLS proxy)', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const body = {
      code: 'c',
      codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
    }
    const direct = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', { body, base: 'https://app.test' }),
    )
    const proxied = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body,
        headers: { 'x-forwarded-proto': 'https' },
      }),
    )
    for (const response of [direct, proxied]) {
      const header = response.headers.get('set-cookie') ?? ''
      expect(header).toMatch(
        /^__Host-doorway_session=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
      )
    }
    const cookie = cookieOf(direct)
    expect(await (await app.request(session(cookie, 'https://app.test'))).json()).toMatchObject({
      authenticated: true,
    })
  })

  it('14. drops Secure and the prefix only when secureCookies is false', async () => {
    const { app } = testBff({ secureCookies: false, respond: () => oauth2Tokens() })
    const cookie = await signIn(app, {})
    expect(cookie.startsWith('doorway_session=')).toBe(true)
    const response = await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(response.headers.get('set-cookie')).not.toContain('Secure')
  })

  it('14. its content is sealed: no token in it, and tampered or foreign-key cookies are anonymous', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const cookie = await signIn(app)
    const value = cookie.slice('doorway_session='.length)
    expect(value.split('.')).toHaveLength(5)
    const decoded = value
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join(' ')
    expect(decoded).not.toContain('SECRET')
    // It carries the sealed session id alone: a cookie for a record, not the session itself.
    expect(value.length).toBeLessThan(200)
    expect(await (await app.request(session(cookie))).json()).toMatchObject({ authenticated: true })

    const parts = value.split('.')
    const ciphertext = parts[3] as string
    const flipped = `${ciphertext.slice(0, -2)}${ciphertext.at(-2) === 'A' ? 'B' : 'A'}${ciphertext.at(-1)}`
    const tampered = [parts[0], parts[1], parts[2], flipped, parts[4]].join('.')
    const otherKey = await new EncryptJWT({ sid: 's' })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setExpirationTime('1h')
      .encrypt(await sessionKey('another-secret-that-is-32-chars-long!'))
    const unsealedJwt = `eyJhbGciOiJub25lIn0.${Buffer.from('{"sid":"s","accessToken":"x"}').toString('base64url')}.`
    for (const forged of [tampered, otherKey, unsealedJwt, 'garbage', '']) {
      const response = await app.request(session(`doorway_session=${forged}`))
      expect(await response.json()).toEqual({ authenticated: false })
      const proxied = await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
          body: {},
          cookie: `doorway_session=${forged}`,
        }),
      )
      expect(proxied.status).toBe(401)
    }
  })
})

/**
 * A fake Rhombus for session tests: the token endpoint (code and refresh, rotating refresh
 * tokens and counting what it is sent), getOrgV2 for a standard account, and the API
 * answering `api` (default 200 `{}`) to whatever token it accepts.
 */
function fakeRhombus(options: { expiresIn?: number; api?: (call: RecordedCall) => Response } = {}) {
  let issued = 0
  const refreshTokensSent: string[] = []
  let refuseRefresh = false
  const respond = (call: RecordedCall) => {
    if (call.url.endsWith('/oauth/token')) {
      const form = new URLSearchParams(call.body ?? '')
      if (form.get('grant_type') === 'refresh_token') {
        refreshTokensSent.push(form.get('refresh_token') ?? '')
        if (refuseRefresh) return Response.json({ error: 'invalid_grant' }, { status: 400 })
      }
      issued++
      return oauth2Tokens({
        access_token: `at-SECRET-${issued}`,
        refresh_token: `rt-SECRET-${issued}`,
        expires_in: options.expiresIn ?? 3600,
      })
    }
    if (call.url.endsWith('/getOrgV2')) {
      return Response.json({ org: { uuid: 'org-1', name: 'Acme Security' } })
    }
    return options.api?.(call) ?? Response.json({})
  }
  return {
    respond,
    refreshTokensSent,
    refuse: () => {
      refuseRefresh = true
    },
  }
}
/** Moves the clock `ms` on (Date only; timers run as usual). */
function later(ms: number) {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + ms })
}
afterEach(() => {
  vi.useRealTimers()
})
const proxied = (cookie: string) =>
  bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie })
const exchange = (cookie?: string) =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code: 'c', codeVerifier: verifier, redirectUri },
    ...(cookie && { cookie }),
  })

describe('sessions live on the server', () => {
  it('a session is a store record (tokens encrypted as secrets), owned by the user', async () => {
    const rhombus = fakeRhombus()
    const { app, store } = testBff({
      respond: (call) =>
        call.url.endsWith('/oauth/token')
          ? oauth2Tokens({ access_token: jwtAccessToken('user-uuid-1') })
          : rhombus.respond(call),
    })
    await signIn(app)
    const [record] = await store.listRecords('session', 'user-uuid-1')
    expect(record).toMatchObject({
      kind: 'session',
      ownerId: 'user-uuid-1',
      data: { org: { uuid: 'org-1', name: 'Acme Security' }, isPartner: false },
      secrets: { accessToken: expect.any(String), refreshToken: 'rt-SECRET-refresh' },
    })
    expect(JSON.stringify(record?.data)).not.toContain('SECRET')
  })

  it('oauth2: the session outlives its access token; the proxy refreshes it first (60 s early) and rotates the refresh token', async () => {
    const rhombus = fakeRhombus({ expiresIn: 3600 })
    const { app, calls } = testBff({ respond: rhombus.respond })
    const cookie = await signIn(app)
    const summary = await (await app.request(session(cookie))).json()
    expect(summary.expiresAt - Date.now()).toBeGreaterThan(29 * 24 * 3600_000)
    expect((await app.request(proxied(cookie))).status).toBe(200)
    expect(rhombus.refreshTokensSent).toEqual([])
    // 59 s before it expires the access token is within the skew: refreshed, then the call
    // goes out with the new one.
    later(3541_000)
    expect((await app.request(proxied(cookie))).status).toBe(200)
    expect(rhombus.refreshTokensSent).toEqual(['rt-SECRET-1'])
    expect(calls.at(-1)?.headers['x-auth-access-token']).toBe('at-SECRET-2')
    later(3541_000)
    expect((await app.request(proxied(cookie))).status).toBe(200)
    expect(rhombus.refreshTokensSent).toEqual(['rt-SECRET-1', 'rt-SECRET-2'])
    // Never a refresh token twice.
    expect(new Set(rhombus.refreshTokensSent).size).toBe(rhombus.refreshTokensSent.length)
  })

  it('oauth2: an upstream 401 refreshes once and retries the call once', async () => {
    let refusals = 1
    const rhombus = fakeRhombus({
      api: () =>
        refusals-- > 0
          ? Response.json({ error: true }, { status: 401 })
          : Response.json({ users: [] }),
    })
    const { app, calls } = testBff({ respond: rhombus.respond })
    const cookie = await signIn(app)
    calls.length = 0
    const response = await app.request(proxied(cookie))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ users: [] })
    expect(calls.map((c) => c.url.split('/').pop())).toEqual([
      'getUsersInOrg',
      'token',
      'getUsersInOrg',
    ])
    expect(rhombus.refreshTokensSent).toEqual(['rt-SECRET-1'])
  })

  it('oauth2: a 401 after the refresh ends the session (session_expired), and it stays ended', async () => {
    const rhombus = fakeRhombus({ api: () => Response.json({ error: true }, { status: 401 }) })
    const { app, calls } = testBff({ respond: rhombus.respond })
    const cookie = await signIn(app)
    const response = await app.request(proxied(cookie))
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'session_expired' })
    expect(await (await app.request(session(cookie))).json()).toEqual({
      authenticated: false,
      expired: true,
    })
    calls.length = 0
    expect((await app.request(proxied(cookie))).status).toBe(401)
    expect(calls).toHaveLength(0)
  })

  it('28. a refresh answered invalid_grant ends the session and says session_expired', async () => {
    const rhombus = fakeRhombus({ expiresIn: 1 })
    const { app, store } = testBff({
      respond: (call) =>
        call.url.endsWith('/oauth/token') && !call.body?.includes('grant_type=refresh_token')
          ? oauth2Tokens({ access_token: jwtAccessToken('user-uuid-1'), expires_in: 1 })
          : rhombus.respond(call),
    })
    const cookie = await signIn(app)
    later(2_000)
    rhombus.refuse()
    const response = await app.request(proxied(cookie))
    expect(response.status).toBe(401)
    const problem = await response.json()
    expect(problem).toMatchObject({ code: 'session_expired' })
    expect(problem.detail).toContain('invalid_grant')
    expect(await (await app.request(session(cookie))).json()).toEqual({
      authenticated: false,
      expired: true,
    })
    // Its tokens are gone from the store: the record that is left holds no secret.
    const [record] = await store.listRecords('session', 'user-uuid-1')
    expect(record?.secrets).toEqual({})
    expect(record?.data.ended).toBe('revoked')
  })

  it('28. 100 concurrent proxied calls at expiry make one refresh', async () => {
    const rhombus = fakeRhombus({ expiresIn: 1 })
    const { app } = testBff({ respond: rhombus.respond })
    const cookie = await signIn(app)
    later(2_000)
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => app.request(proxied(cookie))),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(200))
    expect(rhombus.refreshTokensSent).toEqual(['rt-SECRET-1'])
  })

  it('legacy: no refresh; the session ends when its access token expires', async () => {
    const { app, store } = testBff({ rhombus: { protocol: 'legacy' } })
    const cookie = await sessionCookie(store, 'u', { accessExpiresAt: Date.now() - 1 })
    expect(await (await app.request(session(cookie))).json()).toEqual({
      authenticated: false,
      expired: true,
    })
    const response = await app.request(proxied(cookie))
    expect(await response.json()).toMatchObject({ code: 'session_expired', status: 401 })
  })

  it('a 403 from the API is relayed and keeps the session', async () => {
    const rhombus = fakeRhombus({ api: () => Response.json({ error: true }, { status: 403 }) })
    const { app } = testBff({ respond: rhombus.respond })
    const cookie = await signIn(app)
    expect((await app.request(proxied(cookie))).status).toBe(403)
    expect(await (await app.request(session(cookie))).json()).toMatchObject({ authenticated: true })
  })
})

describe('16. session summary', () => {
  it("16. names the user's stable id when the access token carries one, never for a random one", async () => {
    const { app } = testBff({
      respond: () => oauth2Tokens({ access_token: jwtAccessToken('user-uuid-1') }),
    })
    const summary = await (await app.request(session(await signIn(app)))).json()
    expect(summary.user).toEqual({ id: 'user-uuid-1' })
    const opaque = testBff({ respond: () => oauth2Tokens() })
    const anonymous = await (await opaque.app.request(session(await signIn(opaque.app)))).json()
    expect(anonymous.user).toBeNull()
  })

  it("16. /session returns no token, only the summary, with the user's org", async () => {
    const rhombus = fakeRhombus()
    const { app } = testBff({ respond: rhombus.respond })
    const cookie = await signIn(app, { isPartner: true })
    const response = await app.request(session(cookie))
    const text = await response.text()
    expect(text).not.toContain('SECRET')
    const summary = JSON.parse(text)
    expect(Object.keys(summary).sort()).toEqual([
      'authenticated',
      'expiresAt',
      'isPartner',
      'org',
      'provider',
      'user',
    ])
    expect(summary).toMatchObject({
      authenticated: true,
      provider: 'rhombus',
      user: null,
      org: { uuid: 'org-1', name: 'Acme Security' },
      // The browser said partner; Rhombus (getOrgV2 200) says standard.
      isPartner: false,
    })
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await (await app.request(session())).json()).toEqual({ authenticated: false })
  })

  it('16. the exchange answer carries no token either', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    expect(await (await app.request(exchange())).text()).not.toContain('SECRET')
  })

  it('legacy: a session without an expiry from the provider lasts sessionTtlSeconds', async () => {
    const { app } = testBff({
      rhombus: { protocol: 'legacy' },
      respond: () => Response.json({ accessToken: 'at-legacy' }),
      sessionTtlSeconds: 600,
    })
    const cookie = await signIn(app)
    const { expiresAt } = await (await app.request(session(cookie))).json()
    expect(expiresAt - Date.now()).toBeGreaterThan(598_000)
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(600_000)
  })

  it('oauth2: a code exchange without a refresh_token is refused (the Rhombus CLI needs one too), no cookie', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens({ refresh_token: undefined }) })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    expect(await response.json()).toMatchObject({ code: 'invalid_response' })
    expect(response.headers.get('set-cookie')).toBeNull()
  })
})

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('27. sign-out deletes the session on the server', () => {
  const cleared = (response: Response) =>
    /^doorway_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/.test(
      response.headers.get('set-cookie') ?? '',
    )

  it('27. a signed-out cookie is dead for every route: session, proxy, minting', async () => {
    const rhombus = fakeRhombus()
    const { app, calls, store } = testBff({
      respond: (call) =>
        call.url.endsWith('/oauth/token')
          ? oauth2Tokens({ access_token: jwtAccessToken('user-uuid-1') })
          : rhombus.respond(call),
    })
    const cookie = await signIn(app)
    const response = await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ authenticated: false })
    expect(cleared(response)).toBe(true)
    expect(await store.listRecords('session', 'user-uuid-1')).toEqual([])
    calls.length = 0
    expect(await (await app.request(session(cookie))).json()).toEqual({ authenticated: false })
    expect(await (await app.request(proxied(cookie))).json()).toMatchObject({
      code: 'unauthenticated',
    })
    const mint = await app.request(
      bffRequest('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName: 'worker' } }),
    )
    expect(await mint.json()).toMatchObject({ code: 'unauthenticated' })
    expect(calls).toHaveLength(0)
  })

  it('27. it holds on every instance sharing the store, and after a restart (one SQLite file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doorway-sessions-'))
    dirs.push(dir)
    const file = join(dir, 'doorway.db')
    const instance = () =>
      testBff({
        respond: fakeRhombus().respond,
        store: createSqliteCredentialStore(file, { secret: 'sqlite-secret-0123456789abcdefghij' }),
      })
    const a = instance()
    const b = instance()
    const cookie = await signIn(a.app)
    expect(await (await b.app.request(session(cookie))).json()).toMatchObject({
      authenticated: true,
    })
    await b.app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(await (await a.app.request(session(cookie))).json()).toEqual({ authenticated: false })
    await a.store.close()
    const restarted = instance()
    expect(await (await restarted.app.request(session(cookie))).json()).toEqual({
      authenticated: false,
    })
    expect((await restarted.app.request(proxied(cookie))).status).toBe(401)
    await Promise.all([b.store.close(), restarted.store.close()])
  })

  it('27. a user can end all of their sessions at once (sign out everywhere); others are untouched', async () => {
    const { app } = testBff({
      respond: (call) =>
        call.url.endsWith('/oauth/token')
          ? oauth2Tokens({
              access_token: jwtAccessToken(call.body?.includes('code=other') ? 'user-2' : 'user-1'),
            })
          : Response.json({ org: { uuid: 'org-1', name: 'Acme' } }),
    })
    const laptop = await signIn(app)
    const phone = await signIn(app)
    const someoneElse = await signIn(app, { code: 'other' })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/signout', { cookie: laptop, body: { everywhere: true } }),
    )
    expect(response.status).toBe(200)
    for (const cookie of [laptop, phone]) {
      expect(await (await app.request(session(cookie))).json()).toEqual({ authenticated: false })
    }
    expect(await (await app.request(session(someoneElse))).json()).toMatchObject({
      authenticated: true,
    })
  })

  it.each([
    ['not JSON', { text: 'everywhere', headers: { 'content-type': 'application/json' } }, 400],
    ['a non-boolean everywhere', { body: { everywhere: 'yes' } }, 400],
    ['an unknown option', { body: { all: true } }, 400],
    ['an array', { body: [true] }, 400],
    [
      'another media type',
      { text: 'everywhere=true', headers: { 'content-type': 'text/plain' } },
      415,
    ],
  ] as const)(
    'bad sign-out input (%s) is a 4xx problem and signs nobody out',
    async (_, options, status) => {
      const { app } = testBff({ respond: fakeRhombus().respond })
      const cookie = await signIn(app)
      const response = await app.request(
        bffRequest('POST', '/bff/auth/signout', { cookie, ...options }),
      )
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toContain('application/problem+json')
      expect(await (await app.request(session(cookie))).json()).toMatchObject({
        authenticated: true,
      })
    },
  )

  it('16. signing in again deletes the session it replaces', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const first = await signIn(app)
    const second = await app.request(exchange(first))
    expect(await (await app.request(session(first))).json()).toEqual({ authenticated: false })
    expect(await (await app.request(session(cookieOf(second)))).json()).toMatchObject({
      authenticated: true,
    })
  })

  it('an empty body, even one declared JSON, is a plain sign-out', async () => {
    const { app } = testBff({ respond: fakeRhombus().respond })
    const cookie = await signIn(app)
    const response = await app.request(
      bffRequest('POST', '/bff/auth/signout', {
        cookie,
        text: '',
        headers: { 'content-type': 'application/json' },
      }),
    )
    expect(response.status).toBe(200)
    expect(await (await app.request(session(cookie))).json()).toEqual({ authenticated: false })
  })

  it('sign-out without a session still answers and clears', async () => {
    const { app } = testBff()
    const response = await app.request(bffRequest('POST', '/bff/auth/signout'))
    expect(response.status).toBe(200)
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0')
  })
})
