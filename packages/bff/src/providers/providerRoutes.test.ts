import { describe, expect, it } from 'vitest'
import { bffRequest, envoyRedirectUri, sessionCookie, testBff } from '../__tests__/bffTestKit.js'

const state = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde'
const bind = (cookie: string | undefined, body: unknown, provider = 'envoy', text?: string) =>
  bffRequest('POST', `/bff/auth/${provider}/state`, {
    ...(cookie && { cookie }),
    ...(text === undefined ? { body } : { text, headers: { 'content-type': 'application/json' } }),
  })
const exchange = (cookie: string, body: Record<string, unknown>) =>
  bffRequest('POST', '/bff/auth/envoy/exchange', {
    cookie,
    body: { code: 'code-1', redirectUri: envoyRedirectUri, ...body },
  })

/** The session's id, read back from the store (the cookie only seals it). */
async function sessionId(store: ReturnType<typeof testBff>['store'], userId: string) {
  const [record] = await store.listRecords('session', userId)
  if (record === undefined) throw new Error('no session')
  return record.id
}

describe('POST /auth/:provider/state', () => {
  it('binds the state to this session: 204, kept under its hash, single use by the exchange', async () => {
    const { app, store, calls } = testBff({
      envoy: {},
      respond: () =>
        Response.json({ access_token: 'at-SECRET', token_type: 'Bearer', expires_in: 60 }),
    })
    const cookie = await sessionCookie(store, 'user-1')
    const response = await app.request(bind(cookie, { state }))
    expect(response.status).toBe(204)
    const [pending] = await store.listRecords('oauth-state', await sessionId(store, 'user-1'))
    expect(pending).toBeDefined()
    expect(pending?.id).not.toContain(state)
    expect((await app.request(exchange(cookie, { state }))).status).toBe(200)
    expect(calls).toHaveLength(1)
    expect(await store.listRecords('oauth-state', await sessionId(store, 'user-1'))).toEqual([])
  })

  it.each([
    ['no state', {}],
    ['a number', { state: 123 }],
    ['too short (under 128 bits)', { state: 'abc' }],
    ['too long', { state: 'a'.repeat(257) }],
    ['characters outside base64url', { state: `${state.slice(0, 30)}+/=` }],
    ['an array body', [state]],
  ] as const)('bad input (%s) is 400 bad_request and stores nothing', async (_, body) => {
    const { app, store } = testBff({ envoy: {} })
    const cookie = await sessionCookie(store, 'user-1')
    const response = await app.request(bind(cookie, body))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'bad_request' })
    expect(await store.listRecords('oauth-state', await sessionId(store, 'user-1'))).toEqual([])
  })

  it('malformed JSON is 400, another media type 415, a huge body 413; nothing stored', async () => {
    const { app, store } = testBff({ envoy: {} })
    const cookie = await sessionCookie(store, 'user-1')
    expect((await app.request(bind(cookie, undefined, 'envoy', '{"state":'))).status).toBe(400)
    const text = await app.request(
      bffRequest('POST', '/bff/auth/envoy/state', {
        cookie,
        text: `state=${state}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    )
    expect(text.status).toBe(415)
    const huge = await app.request(
      bind(cookie, undefined, 'envoy', JSON.stringify({ state, pad: 'x'.repeat(70_000) })),
    )
    expect(huge.status).toBe(413)
    expect(await store.listRecords('oauth-state', await sessionId(store, 'user-1'))).toEqual([])
  })

  it('needs a session (401), a configured provider (404 unknown, 501 envoy unconfigured), the CSRF header (403) and POST (405)', async () => {
    const configured = testBff({ envoy: {} })
    expect((await configured.app.request(bind(undefined, { state }))).status).toBe(401)
    const cookie = await sessionCookie(configured.store, 'user-1')
    expect((await configured.app.request(bind(cookie, { state }, 'nope'))).status).toBe(404)
    const noCsrf = await configured.app.request(
      bffRequest('POST', '/bff/auth/envoy/state', { cookie, body: { state }, csrf: false }),
    )
    expect(noCsrf.status).toBe(403)
    const get = await configured.app.request(bffRequest('GET', '/bff/auth/envoy/state', { cookie }))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const unconfigured = testBff()
    const other = await sessionCookie(unconfigured.store, 'user-1')
    expect((await unconfigured.app.request(bind(other, { state }))).status).toBe(501)
  })

  it("26. a state bound to one session does not exchange another session's code, and no token request is made", async () => {
    const { app, store, calls } = testBff({ envoy: {} })
    const victim = await sessionCookie(store, 'user-1')
    const attacker = await sessionCookie(store, 'user-2')
    expect((await app.request(bind(attacker, { state }))).status).toBe(204)
    const response = await app.request(exchange(victim, { state }))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'state_mismatch' })
    expect(calls).toHaveLength(0)
    // Left for its owner.
    expect(await store.listRecords('oauth-state', await sessionId(store, 'user-2'))).toHaveLength(1)
  })
})
