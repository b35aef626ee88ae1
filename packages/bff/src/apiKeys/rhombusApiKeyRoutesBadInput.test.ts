import { describe, expect, it } from 'vitest'
import { bffRequest, type RequestOptions, sessionCookie, testBff } from '../__tests__/bffTestKit.js'

const kind = 'rhombus-api-key'
const user = 'user-1'
const json = { 'content-type': 'application/json' }
const minted = () => Response.json({ apiKey: 'rak-SECRET-minted' })

/** A BFF whose Rhombus would mint (so a check that lets bad input through shows up as a call). */
function bff() {
  return testBff({ respond: minted })
}

type Case = [string, RequestOptions, number, string]

const badBodies: Case[] = [
  ['no displayName', { body: {} }, 400, 'bad_request'],
  ['an empty displayName', { body: { displayName: '' } }, 400, 'bad_request'],
  ['a blank displayName', { body: { displayName: ' \t ' } }, 400, 'bad_request'],
  ['a 101-character displayName', { body: { displayName: 'x'.repeat(101) } }, 400, 'bad_request'],
  ['a numeric displayName', { body: { displayName: 5 } }, 400, 'bad_request'],
  ['a null displayName', { body: { displayName: null } }, 400, 'bad_request'],
  ['an object displayName', { body: { displayName: { a: 1 } } }, 400, 'bad_request'],
  ['a bell in displayName', { body: { displayName: 'ring\u0007' } }, 400, 'bad_request'],
  ['a newline in displayName', { body: { displayName: 'two\nlines' } }, 400, 'bad_request'],
  ['a DEL in displayName', { body: { displayName: 'del\u007f' } }, 400, 'bad_request'],
  ['a C1 control in displayName', { body: { displayName: 'nel\u0085' } }, 400, 'bad_request'],
  [
    'a lone surrogate in displayName',
    { text: '{"displayName":"x\\ud800"}', headers: json },
    400,
    'bad_request',
  ],
  ['an extra authType', { body: { displayName: 'x', authType: 'CERT' } }, 400, 'bad_request'],
  ['an extra csr', { body: { displayName: 'x', csr: 'pem' } }, 400, 'bad_request'],
  ['an extra apiKey', { body: { displayName: 'x', apiKey: 'mine' } }, 400, 'bad_request'],
  ['a JSON array', { body: [{ displayName: 'x' }] }, 400, 'bad_request'],
  ['JSON null', { text: 'null', headers: json }, 400, 'bad_request'],
  ['a JSON string', { text: '"x"', headers: json }, 400, 'bad_request'],
  ['malformed JSON', { text: '{"displayName":', headers: json }, 400, 'bad_request'],
  ['an empty body', { text: '', headers: json }, 400, 'bad_request'],
  [
    'a text/plain body',
    { text: '{"displayName":"x"}', headers: { 'content-type': 'text/plain' } },
    415,
    'unsupported_media_type',
  ],
  [
    'a form body',
    { text: 'displayName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    415,
    'unsupported_media_type',
  ],
  ['no content type', { text: '{"displayName":"x"}' }, 415, 'unsupported_media_type'],
  [
    'a huge body',
    { body: { displayName: 'x', pad: 'x'.repeat(70_000) } },
    413,
    'payload_too_large',
  ],
]

describe('POST /rhombus/api-keys refuses bad input before any call, storing nothing', () => {
  it.each(badBodies.map(([name, options, status, code]) => [name, status, code, options] as const))(
    '%s → %i %s',
    async (_, status, code, options) => {
      const { app, calls, store } = bff()
      const cookie = await sessionCookie(store, user)
      const response = await app.request(
        bffRequest('POST', '/bff/rhombus/api-keys', { ...options, cookie }),
      )
      expect(response.status).toBe(status)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      expect(await response.json()).toMatchObject({ code, status })
      expect(calls).toHaveLength(0)
      expect(await store.listRecords(kind, user)).toEqual([])
    },
  )

  it('takes a displayName of exactly 100 characters (an emoji counts as one), trimmed', async () => {
    const { app, calls, store } = bff()
    const cookie = await sessionCookie(store, user)
    const displayName = `${'🔑'.repeat(50)}${'k'.repeat(50)}`
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api-keys', {
        cookie,
        body: { displayName: `\n ${displayName} \t` },
      }),
    )
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ displayName })
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({
      displayName: expect.stringMatching(
        new RegExp(`^${displayName} \\(Doorway [\\w-]{8}\\)$`, 'u'),
      ),
      authType: 'API_TOKEN',
    })
    expect(await store.listRecords(kind, user)).toHaveLength(1)
  })
})

describe('every API-key route needs the CSRF header, a session and the right method', () => {
  const routes = [
    ['POST', '/bff/rhombus/api-keys', { body: { displayName: 'x' } }],
    ['GET', '/bff/rhombus/api-keys', {}],
    ['HEAD', '/bff/rhombus/api-keys', {}],
    ['DELETE', '/bff/rhombus/api-keys/01J0000000000000000000000', {}],
  ] as const

  it.each(routes)(
    '%s %s without x-doorway-csrf: 1 → 403 csrf_rejected',
    async (method, path, options) => {
      const { app, calls, store } = bff()
      const cookie = await sessionCookie(store, user)
      const variants: Record<string, string>[] = [
        {},
        { 'x-doorway-csrf': '0' },
        { 'x-doorway-csrf': 'true' },
      ]
      for (const headers of variants) {
        const response = await app.request(
          bffRequest(method, path, { ...options, cookie, csrf: false, headers }),
        )
        expect(response.status).toBe(403)
        if (method !== 'HEAD') expect((await response.json()).code).toBe('csrf_rejected')
      }
      expect(calls).toHaveLength(0)
      expect(await store.listRecords(kind, user)).toEqual([])
    },
  )

  it.each(routes)(
    '%s %s from a foreign origin → 403 forbidden_origin',
    async (method, path, options) => {
      const { app, calls, store } = bff()
      const cookie = await sessionCookie(store, user)
      const response = await app.request(
        bffRequest(method, path, { ...options, cookie, origin: 'https://evil.test' }),
      )
      expect(response.status).toBe(403)
      expect(calls).toHaveLength(0)
    },
  )

  it.each(routes)(
    '%s %s without a session → 401 unauthenticated',
    async (method, path, options) => {
      const { app, calls, store } = bff()
      for (const cookie of [undefined, 'doorway_session=tampered']) {
        const response = await app.request(
          bffRequest(method, path, cookie === undefined ? options : { ...options, cookie }),
        )
        expect(response.status).toBe(401)
        if (method !== 'HEAD') expect((await response.json()).code).toBe('unauthenticated')
        expect(response.headers.get('set-cookie')).toBeNull()
      }
      expect(calls).toHaveLength(0)
      expect(await store.listRecords(kind, user)).toEqual([])
    },
  )

  it('wrong methods are 405 with the right Allow', async () => {
    const { app, store } = bff()
    const cookie = await sessionCookie(store, user)
    for (const [method, path, allow] of [
      ['PUT', '/bff/rhombus/api-keys', 'GET, POST, HEAD'],
      ['DELETE', '/bff/rhombus/api-keys', 'GET, POST, HEAD'],
      ['PATCH', '/bff/rhombus/api-keys', 'GET, POST, HEAD'],
      ['GET', '/bff/rhombus/api-keys/01J0000000000000000000000', 'DELETE'],
      ['POST', '/bff/rhombus/api-keys/01J0000000000000000000000', 'DELETE'],
    ] as const) {
      const response = await app.request(
        bffRequest(method, path, { cookie, ...(method === 'GET' ? {} : { body: {} }) }),
      )
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow)
      expect((await response.json()).code).toBe('method_not_allowed')
    }
  })

  it('HEAD lists like GET, without a body', async () => {
    const { app, store } = bff()
    const response = await app.request(
      bffRequest('HEAD', '/bff/rhombus/api-keys', { cookie: await sessionCookie(store, user) }),
    )
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })
})

describe('DELETE /rhombus/api-keys/:id', () => {
  it('is 404 not_found for a malformed or unknown id, and changes nothing', async () => {
    const { app, store } = bff()
    const cookie = await sessionCookie(store, user)
    const created = await app.request(
      bffRequest('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName: 'keep me' } }),
    )
    const { id } = (await created.json()) as { id: string }
    for (const other of [
      '01J0000000000000000000000X',
      id.toLowerCase(),
      `${id}0`,
      'not-a-ulid',
      '%2e%2e',
      encodeURIComponent(`${id}/..`),
    ]) {
      const response = await app.request(
        bffRequest('DELETE', `/bff/rhombus/api-keys/${other}`, { cookie }),
      )
      expect(response.status, other).toBe(404)
      expect((await response.json()).code).toBe('not_found')
    }
    expect((await store.listRecords(kind, user)).map((record) => record.id)).toEqual([id])
  })
})
