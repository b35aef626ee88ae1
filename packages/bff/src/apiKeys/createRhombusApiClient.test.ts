import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { spyLogger } from '../__tests__/bffTestKit.js'
import { fakeUpstream } from '../__tests__/fakeUpstream.js'
import { BffError } from '../http/BffError.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'
import { createRhombusApiClient } from './createRhombusApiClient.js'
import { rhombusApiKeys } from './rhombusApiKeys.js'

const apiKey = 'rak-SECRET-0123456789'

type Answer = (res: ServerResponse, req: IncomingMessage) => void
const reply =
  (status: number, body: unknown): Answer =>
  (res) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

let answer: Answer = reply(200, {})
let upstream: Awaited<ReturnType<typeof fakeUpstream>>
beforeAll(async () => {
  upstream = await fakeUpstream((req, res) => answer(res, req))
})
afterAll(async () => {
  await upstream.close()
})
beforeEach(() => {
  upstream.requests.length = 0
  answer = reply(200, { users: [] })
})

const client = (options: { timeoutMs?: number; apiUrl?: string } = {}) =>
  createRhombusApiClient({ apiKey, apiUrl: upstream.url, ...options })

/** The rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<BffError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (reason: unknown) => reason,
  )
  expect(error).toBeInstanceOf(BffError)
  return error as BffError
}

describe('createRhombusApiClient', () => {
  it('POSTs {apiUrl}/api<path> with exactly the API-key headers and {} by default', async () => {
    const answered = { users: [{ email: 'ada@example.test' }] }
    answer = reply(200, answered)
    expect(await client().request('/user/getUsersInOrg')).toEqual(answered)
    expect(upstream.requests).toHaveLength(1)
    const [request] = upstream.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/api/user/getUsersInOrg')
    expect(request?.body).toBe('{}')
    // Exactly these, besides what fetch itself adds to every request.
    const added = new Set([
      'host',
      'connection',
      'content-length',
      'accept-language',
      'accept-encoding',
      'sec-fetch-mode',
      'user-agent',
    ])
    const headers = Object.fromEntries(
      Object.entries(request?.headers ?? {}).filter(([name]) => !added.has(name)),
    )
    expect(headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': apiKey,
    })
  })

  it('refuses an empty key or a bad apiUrl when created', () => {
    for (const options of [
      { apiKey: '', apiUrl: upstream.url },
      { apiKey, apiUrl: 'api2.rhombussystems.com' },
      { apiKey, apiUrl: 'ftp://api.test' },
      { apiKey, apiUrl: `${upstream.url}?x=1` },
    ]) {
      expect(() => createRhombusApiClient(options)).toThrow(
        expect.objectContaining({ code: 'not_configured' }),
      )
    }
  })

  it('sends the given body as JSON, and x-auth-org for an org', async () => {
    await client({ apiUrl: `${upstream.url}/` }).request(
      '/camera/getMinimalCameraStateList',
      { deviceUuids: ['a', 'b'] },
      { org: 'sbxOrg_Client-1' },
    )
    const [request] = upstream.requests
    expect(request?.url).toBe('/api/camera/getMinimalCameraStateList')
    expect(JSON.parse(request?.body ?? '')).toEqual({ deviceUuids: ['a', 'b'] })
    expect(request?.headers['x-auth-org']).toBe('sbxOrg_Client-1')
  })

  it.each([
    'user/getUsersInOrg',
    '/',
    '',
    '//user',
    '/user/',
    '/user/../admin',
    '/user/%2e%2e/admin',
    '/user/get?x=1',
    '/user/get#x',
    '/user get',
    'https://evil.test/api/user',
    '/user\n/get',
  ])('refuses the path %j before any request', async (path) => {
    const error = await failure(client().request(path))
    expect(error.code).toBe('bad_request')
    expect(upstream.requests).toHaveLength(0)
  })

  it.each(['', 'a b', 'x'.repeat(65), 'org/../x', 'org\n', 'org;x=1', 'örg'])(
    'refuses the org %j before any request',
    async (org) => {
      const error = await failure(client().request('/user/getUsersInOrg', {}, { org }))
      expect(error.code).toBe('bad_request')
      expect(upstream.requests).toHaveLength(0)
    },
  )

  it.each([
    ['401', reply(401, { error: true, errorMsg: 'Invalid API key' }), 'upstream_error', 502],
    ['403', reply(403, {}), 'upstream_error', 502],
    [
      'error: true with 200',
      reply(200, { error: true, errorMsg: 'No such org' }),
      'upstream_error',
      502,
    ],
    ['400', reply(400, { error: true, errorMsg: 'Bad body' }), 'upstream_error', 502],
    ['500', reply(500, { error: true }), 'upstream_unavailable', 502],
    ['503', reply(503, 'down'), 'upstream_unavailable', 503],
    ['non-JSON', reply(200, '<html></html>'), 'invalid_response', 502],
    ['a JSON array', reply(200, []), 'invalid_response', 502],
  ] as const)('maps %s to %s', async (_, respond, code, status) => {
    answer = respond
    const logger = spyLogger()
    const error = await failure(
      createRhombusApiClient({ apiKey, apiUrl: upstream.url, logger }).request(
        '/user/getUsersInOrg',
      ),
    )
    expect({ code: error.code, status: error.status }).toEqual({ code, status })
    expect(
      JSON.stringify({ error, message: error.message, logs: logger.warn.mock.calls }),
    ).not.toContain(apiKey)
  })

  it('says a refused key is refused, and keeps errorMsg', async () => {
    answer = reply(401, { error: true, errorMsg: 'Invalid API key' })
    const refused = await failure(client().request('/user/getUsersInOrg'))
    expect(refused.message).toMatch(/refused the API key/)
    expect(refused.error_description).toBe('Invalid API key')
    expect(refused.hint).toMatch(/revoked/)
    answer = reply(200, { error: true, errorMsg: 'No such org' })
    const failed = await failure(client().request('/user/getUsersInOrg'))
    expect(failed.message).toBe('No such org')
    expect(failed.error_description).toBe('No such org')
  })

  it('times out with timeout', async () => {
    answer = () => {}
    const error = await failure(client({ timeoutMs: 100 }).request('/user/getUsersInOrg'))
    expect(error.code).toBe('timeout')
  })

  it('an unreachable host is upstream_unavailable', async () => {
    const gone = await fakeUpstream(() => {})
    await gone.close()
    const error = await failure(
      createRhombusApiClient({ apiKey, apiUrl: gone.url }).request('/user/getUsersInOrg'),
    )
    expect(error.code).toBe('upstream_unavailable')
  })

  it("a caller's abort rejects with its reason, before or during the call", async () => {
    const reason = new Error('shutting down')
    const early = new AbortController()
    early.abort(reason)
    await expect(
      client().request('/user/getUsersInOrg', {}, { signal: early.signal }),
    ).rejects.toBe(reason)
    expect(upstream.requests).toHaveLength(0)

    answer = () => {}
    const late = new AbortController()
    const pending = client().request('/user/getUsersInOrg', {}, { signal: late.signal })
    await expect.poll(() => upstream.requests.length).toBe(1)
    late.abort(reason)
    await expect(pending).rejects.toBe(reason)
  })
})

describe('rhombusApiKeys', () => {
  it('gives a client for a stored key of the owner, and not_found otherwise', async () => {
    const store = createMemoryCredentialStore()
    await store.putRecord({
      kind: 'rhombus-api-key',
      id: '01J00000000000000000000000',
      ownerId: 'user-1',
      data: { displayName: 'job', createdAt: 1, partner: false },
      secrets: { apiKey },
    })
    const keys = rhombusApiKeys({ store, apiUrl: upstream.url })
    expect(await keys.list('user-1')).toEqual([
      { id: '01J00000000000000000000000', displayName: 'job', createdAt: 1, partner: false },
    ])
    expect(await keys.list('user-2')).toEqual([])
    await (await keys.client('user-1', '01J00000000000000000000000')).request('/user/getUsersInOrg')
    expect(upstream.requests[0]?.headers['x-auth-apikey']).toBe(apiKey)
    for (const [owner, id] of [
      ['user-2', '01J00000000000000000000000'],
      ['user-1', '01J00000000000000000000001'],
      ['user-1', 'nope'],
    ] as const) {
      const error = await failure(keys.client(owner, id))
      expect(error.code).toBe('not_found')
    }
    expect(upstream.requests).toHaveLength(1)
  })
})
