import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  type RecordedCall,
  type Responder,
  sessionCookie,
  testBff,
} from '../__tests__/bffTestKit.js'

const kind = 'rhombus-api-key'
const user = 'user-1'
const minted = 'rak-SECRET-minted'

const ok = { error: false, errorMsg: null, warningMsg: null }
const ends = (call: RecordedCall, name: string) => call.url.endsWith(`/${name}`)
/** The name the mint call gave the key at Rhombus. */
const nameOf = (calls: RecordedCall[]) =>
  JSON.parse(calls.find((call) => ends(call, 'submitApiTokenApplication'))?.body ?? '{}')
    .displayName as string

/**
 * A fake Rhombus that mints, lists the minted key under the name it was given (and one
 * other key), and answers revocations with `revoke`; the key itself (`getOrgV2` with
 * `api-token`) answers `probe`.
 */
function fakeRhombus(
  options: {
    revoke?: () => Response
    probe?: () => Response
    listing?: (name: string) => Response
  } = {},
): Responder {
  let name = ''
  return (call) => {
    if (ends(call, 'submitApiTokenApplication')) {
      name = JSON.parse(call.body ?? '{}').displayName
      return Response.json({ apiKey: minted })
    }
    if (ends(call, 'getApiTokens')) {
      return (
        options.listing?.(name) ??
        Response.json({
          ...ok,
          apiTokens: [
            {
              tokenUuid: 'tok-other',
              displayName: 'Someone else',
              orgUuid: 'o',
              authType: 'API_TOKEN',
            },
            { tokenUuid: 'tok-1', displayName: name, orgUuid: 'o', authType: 'API_TOKEN' },
          ],
        })
      )
    }
    if (ends(call, 'revokeApiToken')) return options.revoke?.() ?? Response.json(ok)
    if (ends(call, 'getOrgV2')) {
      return options.probe?.() ?? Response.json({ ...ok, org: { uuid: 'o', name: 'O' } })
    }
    return Response.json({ error: true, errorMsg: 'unexpected' }, { status: 404 })
  }
}

async function setUp(respond: Responder, isPartner = false) {
  const bff = testBff({ respond })
  const cookie = await sessionCookie(bff.store, user, { isPartner })
  const created = await bff.app.request(
    bffRequest('POST', '/bff/rhombus/api-keys', { cookie, body: { displayName: 'Nightly' } }),
  )
  expect(created.status).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const remove = () =>
    bff.app.request(bffRequest('DELETE', `/bff/rhombus/api-keys/${id}`, { cookie }))
  const listed = async () =>
    (await (await bff.app.request(bffRequest('GET', '/bff/rhombus/api-keys', { cookie }))).json())
      .apiKeys as unknown[]
  return { ...bff, cookie, id, remove, listed }
}

const userHeaders = (scheme: string) => ({
  'content-type': 'application/json',
  accept: 'application/json',
  'x-auth-scheme': scheme,
  'x-auth-access-token': 'at-SECRET-session',
})

describe('minting records the tokenUuid, found by listing after the mint', () => {
  it.each([
    [false, 'integrations/org', 'api-oauth-token'],
    [true, 'partner', 'partner-api-oauth-token'],
  ] as const)(
    'partner %s: mint, then getApiTokens {} on /api/%s with %s, pinned; the tokenUuid matched by the unique name',
    async (isPartner, path, scheme) => {
      const { calls, store, id } = await setUp(fakeRhombus(), isPartner)
      expect(calls.map((call) => [call.method, call.url])).toEqual([
        ['POST', `https://api.test/api/${path}/submitApiTokenApplication`],
        ['POST', `https://api.test/api/${path}/getApiTokens`],
      ])
      expect(calls[1]?.headers).toEqual(userHeaders(scheme))
      expect(calls[1]?.body).toBe('{}')
      const record = await store.getRecord(kind, id)
      expect(record?.data).toMatchObject({ tokenUuid: 'tok-1', rhombusDisplayName: nameOf(calls) })
      expect(JSON.stringify(record?.data)).not.toContain(minted)
    },
  )

  it.each([
    ['a listing that fails', () => new Response('boom', { status: 500 })],
    ['a listing without the name', () => Response.json({ ...ok, apiTokens: [] })],
    [
      'a listing with the name twice',
      (name: string) =>
        Response.json({
          ...ok,
          apiTokens: [
            { tokenUuid: 'a', displayName: name },
            { tokenUuid: 'b', displayName: name },
          ],
        }),
    ],
    ['a listing of another shape', () => Response.json({ ...ok, tokens: [] })],
  ])(
    '%s still stores the key, without a tokenUuid (a guess could revoke another key)',
    async (_, listing) => {
      const { store, id } = await setUp(fakeRhombus({ listing }))
      const record = await store.getRecord(kind, id)
      expect(record?.secrets.apiKey).toBe(minted)
      expect(record?.data.tokenUuid).toBeUndefined()
    },
  )
})

describe('DELETE /rhombus/api-keys/:id revokes at Rhombus, then forgets', () => {
  it.each([
    [false, 'integrations/org', 'api-oauth-token'],
    [true, 'partner', 'partner-api-oauth-token'],
  ] as const)(
    'partner %s: revokeApiToken {tokenUuid} on /api/%s with %s, pinned; then the key is gone',
    async (isPartner, path, scheme) => {
      const { calls, store, id, remove, listed } = await setUp(fakeRhombus(), isPartner)
      calls.length = 0
      const response = await remove()
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ deleted: true })
      expect(calls).toHaveLength(1)
      expect(calls[0]?.method).toBe('POST')
      expect(calls[0]?.url).toBe(`https://api.test/api/${path}/revokeApiToken`)
      expect(calls[0]?.headers).toEqual(userHeaders(scheme))
      expect(calls[0]?.body).toBe(JSON.stringify({ tokenUuid: 'tok-1' }))
      expect(await store.getRecord(kind, id)).toBeUndefined()
      expect(await listed()).toEqual([])
    },
  )

  it('a key minted without a tokenUuid is looked up by its name first, then revoked', async () => {
    let listings = 0
    const respond = fakeRhombus({
      listing: (name) =>
        listings++ === 0
          ? new Response('boom', { status: 503 })
          : Response.json({ ...ok, apiTokens: [{ tokenUuid: 'tok-late', displayName: name }] }),
    })
    const { calls, remove } = await setUp(respond)
    calls.length = 0
    expect((await remove()).status).toBe(200)
    expect(calls.map((call) => [call.url.split('/api/')[1], call.body])).toEqual([
      ['integrations/org/getApiTokens', '{}'],
      ['integrations/org/revokeApiToken', JSON.stringify({ tokenUuid: 'tok-late' })],
    ])
  })

  it.each([
    [
      'error: true under HTTP 200',
      () => Response.json({ error: true, errorMsg: 'Not allowed to revoke', warningMsg: null }),
    ],
    ['HTTP 403', () => Response.json({ error: true, errorMsg: 'Forbidden' }, { status: 403 })],
  ])(
    'a revocation Rhombus refuses (%s) is a typed 502 upstream_error; the key stays listed and stored',
    async (_, revoke) => {
      const { calls, store, id, remove, listed } = await setUp(fakeRhombus({ revoke }))
      const before = await listed()
      calls.length = 0
      const response = await remove()
      expect(response.status).toBe(502)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      const problem = await response.json()
      expect(problem).toMatchObject({
        code: 'upstream_error',
        hint: expect.stringMatching(/still/),
      })
      expect(JSON.stringify(problem)).not.toContain(minted)
      expect(await listed()).toEqual(before)
      expect((await store.getRecord(kind, id))?.secrets.apiKey).toBe(minted)
      // The key was asked about with its own headers: it still works, so nothing is forgotten.
      const probe = calls.find((call) => ends(call, 'getOrgV2'))
      expect(probe?.headers).toMatchObject({
        'x-auth-scheme': 'api-token',
        'x-auth-apikey': minted,
      })
    },
  )

  it('a refused revocation of a key Rhombus no longer takes (revoked in the console) forgets it', async () => {
    const { store, id, remove } = await setUp(
      fakeRhombus({
        revoke: () => Response.json({ error: true, errorMsg: 'Unknown token', warningMsg: null }),
        probe: () => Response.json({ error: true, errorMsg: 'Invalid API key.' }, { status: 401 }),
      }),
    )
    expect((await remove()).status).toBe(200)
    expect(await store.getRecord(kind, id)).toBeUndefined()
  })

  it('a key Rhombus does not list and that still works is 502, and stays', async () => {
    const { calls, store, id, remove } = await setUp(
      fakeRhombus({ listing: () => Response.json({ ...ok, apiTokens: [] }) }),
    )
    calls.length = 0
    const response = await remove()
    expect(response.status).toBe(502)
    expect((await response.json()).detail).toMatch(/lists no API key named "Nightly \(Doorway /)
    expect(calls.some((call) => ends(call, 'revokeApiToken'))).toBe(false)
    expect(await store.getRecord(kind, id)).toBeDefined()
  })
})
