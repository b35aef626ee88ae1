import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  bffRequest,
  sessionCookie,
  sessionSecret,
  spyLogger,
  testBff,
} from '../__tests__/bffTestKit.js'
import { fakeUpstream } from '../__tests__/fakeUpstream.js'
import { sealSessionId, sessionKey } from '../session/createSessionManager.js'
import type { CredentialStore } from '../store/CredentialStore.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'

const kind = 'rhombus-api-key'
const user = 'user-1'

type Answer = (res: ServerResponse) => void
const reply =
  (status: number, body: unknown): Answer =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

let answer: Answer = reply(200, {})
let upstream: Awaited<ReturnType<typeof fakeUpstream>>
beforeAll(async () => {
  upstream = await fakeUpstream((_req, res) => answer(res))
})
afterAll(async () => {
  await upstream.close()
})
beforeEach(() => {
  upstream.requests.length = 0
})

/** A BFF whose Rhombus API is the fake upstream, over the real network. */
function bff(upstreamTimeoutMs = 2000) {
  return testBff({
    fetch: (url, init) => fetch(url, init),
    upstreamTimeoutMs,
    rhombus: { apiUrl: upstream.url },
  })
}

async function mintWith(respond: Answer, upstreamTimeoutMs?: number) {
  answer = respond
  const { app, store } = bff(upstreamTimeoutMs)
  const cookie = await sessionCookie(store, user)
  const response = await app.request(
    bffRequest('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName: 'worker' } }),
  )
  return { app, store, cookie, response, problem: await response.json() }
}

describe('POST /rhombus/api-keys when Rhombus does not mint: a typed problem, nothing stored', () => {
  it.each([
    [
      'error: true with HTTP 200',
      reply(200, { error: true, errorMsg: 'Quota reached' }),
      502,
      'upstream_error',
    ],
    [
      'error: true with an apiKey',
      reply(200, { error: true, errorMsg: 'Quota reached', apiKey: 'rak-SECRET' }),
      502,
      'upstream_error',
    ],
    ['HTTP 403', reply(403, { error: true, errorMsg: 'Forbidden' }), 502, 'upstream_error'],
    ['HTTP 400', reply(400, { error: true, errorMsg: 'Bad displayName' }), 502, 'upstream_error'],
    ['HTTP 500', reply(500, { error: true }), 502, 'upstream_unavailable'],
    ['HTTP 503', reply(503, 'down'), 503, 'upstream_unavailable'],
    ['no apiKey', reply(200, {}), 502, 'invalid_response'],
    ['an empty apiKey', reply(200, { apiKey: '' }), 502, 'invalid_response'],
    ['a numeric apiKey', reply(200, { apiKey: 42 }), 502, 'invalid_response'],
    ['a body that is not JSON', reply(200, '<html>ok</html>'), 502, 'invalid_response'],
    [
      'a redirect',
      (res: ServerResponse) => {
        res.writeHead(302, { location: 'https://evil.test/' })
        res.end()
      },
      502,
      'invalid_response',
    ],
  ] as const)('%s → %i %s', async (name, respond, status, code) => {
    const { store, response, problem } = await mintWith(respond)
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(problem).toMatchObject({ code, status })
    expect(response.headers.get('set-cookie')).toBeNull()
    // A 403 to a standard session is retried once on the partner endpoint (the CLI's way).
    expect(upstream.requests).toHaveLength(name === 'HTTP 403' ? 2 : 1)
    expect(await store.listRecords(kind, user)).toEqual([])
  })

  it("error: true keeps Rhombus's errorMsg as detail and error_description", async () => {
    const { problem } = await mintWith(reply(200, { error: true, errorMsg: 'Quota reached' }))
    expect(problem).toMatchObject({ detail: 'Quota reached', error_description: 'Quota reached' })
  })

  it('403 says the account may not mint API keys', async () => {
    const { problem } = await mintWith(reply(403, { error: true, errorMsg: 'Forbidden' }))
    expect(problem.hint).toMatch(/may not mint API keys/)
    expect(problem.error_description).toBe('Forbidden')
  })

  it('a timeout is 504 timeout', async () => {
    const { store, response, problem } = await mintWith(() => {}, 150)
    expect(response.status).toBe(504)
    expect(problem.code).toBe('timeout')
    expect(await store.listRecords(kind, user)).toEqual([])
  })

  it('401 ends the session on the server: session_expired, its tokens gone, the cookie opens nothing', async () => {
    const { app, store, cookie, response, problem } = await mintWith(
      reply(401, { error: true, errorMsg: 'Access token expired' }),
    )
    expect(response.status).toBe(401)
    expect(problem.code).toBe('session_expired')
    expect(await store.listRecords(kind, user)).toEqual([])
    // The session record ends (no refresh token to renew it): kept a while, without tokens,
    // so that the same cookie reads as expired everywhere rather than as never signed in.
    const [record, ...others] = await store.listRecords('session', user)
    expect(others).toEqual([])
    expect(record).toMatchObject({ data: { ended: 'expired' }, secrets: {} })
    const again = await app.request(bffRequest('GET', '/bff/rhombus/api-keys', { cookie }))
    expect(again.status).toBe(401)
    expect((await again.json()).code).toBe('session_expired')
    const session = await app.request(bffRequest('GET', '/bff/session', { cookie }))
    expect(await session.json()).toEqual({ authenticated: false, expired: true })
    expect(upstream.requests).toHaveLength(1)
  })
})

describe('POST /rhombus/api-keys when the store fails after minting', () => {
  it('is 500, and an error log (without the key) says to revoke the orphaned key', async () => {
    answer = reply(200, { apiKey: 'rak-SECRET-orphan' })
    const logger = spyLogger()
    const store = createMemoryCredentialStore()
    const failing: CredentialStore = {
      ...store,
      putRecord: () => Promise.reject(new Error('disk full')),
    }
    const { app } = testBff({
      fetch: (url, init) => fetch(url, init),
      logger,
      store: failing,
      rhombus: { apiUrl: upstream.url },
    })
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api-keys', {
        cookie: await sessionCookie(store, user),
        body: { displayName: 'worker' },
      }),
    )
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('rak-SECRET-orphan')
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(/minted but not stored: revoke it/),
      expect.objectContaining({
        displayName: expect.stringMatching(/^worker \(Doorway [\w-]{8}\)$/),
      }),
    )
    expect(JSON.stringify(Object.values(logger).map((level) => level.mock.calls))).not.toContain(
      'rak-SECRET-orphan',
    )
    expect(await store.listRecords(kind, user)).toEqual([])
  })
})

describe('POST /rhombus/api-keys with an expired session', () => {
  it('is 401 session_expired for a stored session whose token expired (nothing renews it), with no call and nothing stored', async () => {
    answer = reply(200, { apiKey: 'rak-SECRET' })
    const { app, store } = bff()
    const cookie = await sessionCookie(store, user, { accessExpiresAt: Date.now() - 1000 })
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName: 'worker' } }),
    )
    expect(response.status).toBe(401)
    expect((await response.json()).code).toBe('session_expired')
    expect(upstream.requests).toHaveLength(0)
    expect(await store.listRecords(kind, user)).toEqual([])
  })

  it('is 401 unauthenticated for a cookie past its own expiry, even when its session is stored, with no call', async () => {
    answer = reply(200, { apiKey: 'rak-SECRET' })
    const { app, store } = bff()
    const live = await sessionCookie(store, user)
    const [record] = await store.listRecords('session', user)
    if (record === undefined) throw new Error('no stored session')
    const sealed = await sealSessionId(
      record.id,
      Date.now() - 60_000,
      await sessionKey(sessionSecret),
    )
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api-keys', {
        cookie: `doorway_session=${sealed}`,
        body: { displayName: 'worker' },
      }),
    )
    expect(response.status).toBe(401)
    expect((await response.json()).code).toBe('unauthenticated')
    expect(upstream.requests).toHaveLength(0)
    expect(await store.listRecords(kind, user)).toEqual([])
    // The session itself is fine: its own cookie still opens it.
    const listed = await app.request(bffRequest('GET', '/bff/rhombus/api-keys', { cookie: live }))
    expect(listed.status).toBe(200)
  })
})
