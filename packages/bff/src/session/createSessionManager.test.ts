import { compactDecrypt, EncryptJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  cookieOf,
  jwtAccessToken,
  oauth2Tokens,
  sessionSecret,
  signIn,
  testBff,
} from '../__tests__/bffTestKit.js'
import { expiredSessionGraceSeconds } from './createSessionManager.js'
import { InMemorySessionRevocations } from './InMemorySessionRevocations.js'
import { sessionKey } from './sessionKey.js'

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
    // The token's lifetime, plus a day in which the BFF can say the session expired.
    expect(attributes).toContain(`Max-Age=${1200 + expiredSessionGraceSeconds}`)
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
    expect(await (await app.request(session(cookie))).json()).toMatchObject({ authenticated: true })

    const parts = value.split('.')
    const ciphertext = parts[3] as string
    const flipped = `${ciphertext.slice(0, -2)}${ciphertext.at(-2) === 'A' ? 'B' : 'A'}${ciphertext.at(-1)}`
    const tampered = [parts[0], parts[1], parts[2], flipped, parts[4]].join('.')
    const otherKey = await new EncryptJWT({
      sid: 's',
      provider: 'rhombus',
      accessToken: 'x',
      isPartner: false,
    })
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

describe('session expiry', () => {
  const expiredCookie = async (secret = sessionSecret) =>
    `doorway_session=${await new EncryptJWT({
      sid: 's',
      userId: 'u',
      userIdFrom: 'random',
      provider: 'rhombus',
      accessToken: 'at-SECRET',
      isPartner: false,
    })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .encrypt(await sessionKey(secret))}`
  const cleared = (response: Response) =>
    /^doorway_session=; Max-Age=0/.test(response.headers.get('set-cookie') ?? '')

  it('an expired session reads as expired (not merely anonymous) until sign-out', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const cookie = await expiredCookie()
    const response = await app.request(session(cookie))
    expect(await response.json()).toEqual({ authenticated: false, expired: true })
    expect(response.headers.get('set-cookie')).toBeNull()
    const out = await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(cleared(out)).toBe(true)
    // Expired under another key is forged, not expired.
    const foreign = await app.request(
      session(await expiredCookie('another-secret-that-is-32-chars-long!')),
    )
    expect(await foreign.json()).toEqual({ authenticated: false })
  })

  it('the proxy answers an expired session with a typed 401 session_expired, without calling Rhombus', async () => {
    const { app, calls } = testBff({ respond: () => oauth2Tokens() })
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie: await expiredCookie(),
      }),
    )
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ code: 'session_expired', status: 401 })
    expect(calls).toHaveLength(0)
    const none = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {} }),
    )
    expect(await none.json()).toMatchObject({ code: 'unauthenticated', status: 401 })
  })

  it('an upstream 401 ends the session with session_expired; a 403 is relayed and keeps it', async () => {
    let status = 401
    const { app } = testBff({
      respond: (request) =>
        request.url.endsWith('/oauth/token')
          ? oauth2Tokens()
          : Response.json({ error: true, errorMsg: 'nope' }, { status }),
    })
    const cookie = await signIn(app)
    const call = () =>
      app.request(bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }))
    status = 403
    const forbidden = await call()
    expect(forbidden.status).toBe(403)
    expect(forbidden.headers.get('set-cookie')).toBeNull()
    status = 401
    const expired = await call()
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ code: 'session_expired' })
    // The session is revoked, and its cookie replaced by one that reads as expired and
    // carries no token.
    const after = cookieOf(expired)
    expect(after).not.toBe(cookie)
    expect(await (await app.request(session(after))).json()).toEqual({
      authenticated: false,
      expired: true,
    })
    expect(await (await app.request(session(cookie))).json()).toEqual({ authenticated: false })
    const key = await sessionKey(sessionSecret)
    const { plaintext } = await compactDecrypt(after.slice('doorway_session='.length), key)
    expect(new TextDecoder().decode(plaintext)).not.toContain('at-')
  })
})

describe('16. session summary and sign-out', () => {
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

  it('16. /session returns no token, only the summary', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const before = Date.now()
    const cookie = await signIn(app, { isPartner: true })
    const response = await app.request(session(cookie))
    const text = await response.text()
    expect(text).not.toContain('SECRET')
    const summary = JSON.parse(text)
    expect(Object.keys(summary).sort()).toEqual([
      'authenticated',
      'expiresAt',
      'isPartner',
      'provider',
      'user',
    ])
    expect(summary).toMatchObject({
      authenticated: true,
      provider: 'rhombus',
      user: null,
      isPartner: true,
    })
    expect(summary.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 3599_000)
    expect(summary.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await (await app.request(session())).json()).toEqual({ authenticated: false })
  })

  it('16. the exchange answer carries no token either', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: {
          code: 'c',
          codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
        },
      }),
    )
    expect(await response.text()).not.toContain('SECRET')
  })

  it('16. sign-out clears the cookie and revokes the session, so a replayed cookie is anonymous', async () => {
    const revocations = new InMemorySessionRevocations()
    const { app, calls } = testBff({
      respond: () => oauth2Tokens(),
      sessionRevocations: revocations,
    })
    const cookie = await signIn(app)
    const response = await app.request(bffRequest('POST', '/bff/auth/signout', { cookie }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ authenticated: false })
    const cleared = response.headers.get('set-cookie') ?? ''
    expect(cleared).toMatch(
      /^doorway_session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    )
    expect(revocations.size).toBe(1)

    expect(await (await app.request(session(cookie))).json()).toEqual({ authenticated: false })
    const replayed = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(replayed.status).toBe(401)
    expect(calls).toHaveLength(2) // the token request and the partner probe; nothing after
  })

  it('16. signing in again revokes the session it replaces', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const first = await signIn(app)
    const second = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        cookie: first,
        body: {
          code: 'c2',
          codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
          redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
        },
      }),
    )
    expect(await (await app.request(session(first))).json()).toEqual({ authenticated: false })
    expect(await (await app.request(session(cookieOf(second)))).json()).toMatchObject({
      authenticated: true,
    })
  })

  it('sign-out without a session still answers and clears', async () => {
    const { app } = testBff()
    const response = await app.request(bffRequest('POST', '/bff/auth/signout'))
    expect(response.status).toBe(200)
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0')
  })

  it('a session without an expiry from the provider lasts sessionTtlSeconds', async () => {
    const { app } = testBff({
      respond: () => oauth2Tokens({ expires_in: undefined }),
      sessionTtlSeconds: 600,
    })
    const cookie = await signIn(app)
    const { expiresAt } = await (await app.request(session(cookie))).json()
    expect(expiresAt - Date.now()).toBeGreaterThan(598_000)
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(600_000)
  })

  it('keeps an oversized refresh token out of the cookie rather than lose the session', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens({ refresh_token: 'r'.repeat(5000) }) })
    const cookie = await signIn(app)
    expect(cookie.length).toBeLessThan(4096)
    expect(await (await app.request(session(cookie))).json()).toMatchObject({ authenticated: true })
  })
})

describe('InMemorySessionRevocations', () => {
  it('drops entries once they expire', () => {
    let now = 1_000
    const revocations = new InMemorySessionRevocations(() => now)
    revocations.revoke('a', 2_000)
    revocations.revoke('b', 5_000)
    expect(revocations.isRevoked('a')).toBe(true)
    now = 3_000
    expect(revocations.isRevoked('a')).toBe(false)
    expect(revocations.size).toBe(1)
    now = 6_000
    expect(revocations.size).toBe(0)
  })
})
