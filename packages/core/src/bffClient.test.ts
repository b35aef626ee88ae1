import { describe, expect, it } from 'vitest'
import { fakeFetch, json, rejectsWith, signedIn } from './__tests__/fakes.js'
import { createBffClient } from './bffClient.js'
import { errorHints } from './errors.js'

const headers = { accept: 'application/json', 'x-doorway-csrf': '1' }
const jsonHeaders = { ...headers, 'content-type': 'application/json' }

describe('createBffClient', () => {
  it('sends every request same-origin with credentials, x-doorway-csrf: 1 and a timeout signal', async () => {
    const { fetch, calls } = fakeFetch()
    const client = createBffClient({ fetch })
    await client.getConfig()
    await client.getSession()
    await client.exchangeRhombus({ code: 'c', codeVerifier: 'v', redirectUri: 'r' })
    await client.signOut()
    expect(calls.map((c) => [c.method, c.url, c.headers, c.body])).toEqual([
      ['GET', '/bff/config', headers, null],
      ['GET', '/bff/session', headers, null],
      [
        'POST',
        '/bff/auth/rhombus/exchange',
        jsonHeaders,
        { code: 'c', codeVerifier: 'v', redirectUri: 'r' },
      ],
      ['POST', '/bff/auth/signout', headers, null],
    ])
    for (const call of calls) {
      expect(call.init.credentials).toBe('same-origin')
      expect(call.init.signal).toBeInstanceOf(AbortSignal)
    }
  })

  it('signOut sends {"everywhere": true} only when asked to end every session', async () => {
    const { fetch, calls } = fakeFetch()
    const client = createBffClient({ fetch })
    await expect(client.signOut({ everywhere: true })).resolves.toEqual({ authenticated: false })
    await client.signOut({ everywhere: false })
    await client.signOut({})
    expect(calls.map((c) => [c.method, c.url, c.headers, c.body])).toEqual([
      ['POST', '/bff/auth/signout', jsonHeaders, { everywhere: true }],
      ['POST', '/bff/auth/signout', headers, null],
      ['POST', '/bff/auth/signout', headers, null],
    ])
  })

  it('keeps the org of a session summary', async () => {
    const org = { uuid: 'org-1', name: 'Acme Security' }
    const { fetch } = fakeFetch(() => json({ ...signedIn, org }))
    await expect(createBffClient({ fetch }).getSession()).resolves.toMatchObject({ org })
  })

  it('returns the parsed JSON answer', async () => {
    const { fetch } = fakeFetch()
    await expect(createBffClient({ fetch }).getSession()).resolves.toEqual(signedIn)
  })

  it('honours a custom base URL, with or without a trailing slash', async () => {
    const { fetch, calls } = fakeFetch(() => json({ authenticated: false }))
    await createBffClient({ fetch, baseUrl: '/api/auth/' }).getSession()
    await createBffClient({ fetch, baseUrl: 'https://bff.example.com/bff' }).getSession()
    expect(calls.map((c) => c.url)).toEqual([
      '/api/auth/session',
      'https://bff.example.com/bff/session',
    ])
  })

  describe('rhombusRequest', () => {
    it('POSTs JSON to {baseUrl}/rhombus/api{path}, {} by default', async () => {
      const { fetch, calls } = fakeFetch(() => json({ users: [] }))
      const client = createBffClient({ fetch })
      await expect(client.rhombusRequest('/user/getUsersInOrg')).resolves.toEqual({ users: [] })
      await client.rhombusRequest('/camera/getMinimalCameraStateList', { a: 1 })
      await client.rhombusRequest('/org/getOrg', undefined, { method: 'GET' })
      expect(calls.map((c) => [c.method, c.url, c.headers, c.body])).toEqual([
        ['POST', '/bff/rhombus/api/user/getUsersInOrg', jsonHeaders, {}],
        ['POST', '/bff/rhombus/api/camera/getMinimalCameraStateList', jsonHeaders, { a: 1 }],
        ['GET', '/bff/rhombus/api/org/getOrg', headers, null],
      ])
    })

    it.each([
      '',
      '/',
      'user/getUsersInOrg',
      '//evil.example/api',
      'https://evil.example/api',
      '/user/../auth/signout',
      '/user/./x',
      '/user/%2e%2e/x',
      '/user%2fx',
      '/user\\x',
      '/user/getUsersInOrg?x=1',
      '/user/getUsersInOrg#x',
      '/user//x',
      '/user/',
      '/us er',
    ])('refuses the path %j before any request', async (path) => {
      const { fetch, calls } = fakeFetch()
      await rejectsWith(createBffClient({ fetch }).rhombusRequest(path), 'bad_request')
      expect(calls).toHaveLength(0)
    })

    it('surfaces a Rhombus failure sent as HTTP 200 with error: true', async () => {
      const { fetch } = fakeFetch(() => json({ error: true, errorMsg: 'No such org' }))
      const error = await rejectsWith(
        createBffClient({ fetch }).rhombusRequest('/org/getOrg'),
        'upstream_error',
      )
      expect(error.message).toBe('No such org')
      expect(error.cause).toEqual({ error: true, errorMsg: 'No such org' })
    })
  })

  describe('error mapping', () => {
    it('maps a problem+json answer to its code, keeping detail, status, error and hint', async () => {
      const problem = {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        code: 'invalid_grant',
        detail: 'The authorization code has expired.',
        hint: 'Codes last seconds.',
        error: 'invalid_grant',
        error_description: 'code expired',
      }
      const { fetch } = fakeFetch(() => json(problem, 400, 'application/problem+json'))
      const error = await rejectsWith(
        createBffClient({ fetch }).exchangeRhombus({ redirectUri: 'r' }),
        'invalid_grant',
      )
      expect(error).toMatchObject({
        name: 'DoorwayError',
        message: 'The authorization code has expired.',
        status: 400,
        error: 'invalid_grant',
        error_description: 'code expired',
        hint: 'Codes last seconds.',
      })
      expect(error.cause).toEqual(problem)
    })

    it('maps 403 forbidden (the user may not do this), for which there is a remedy', async () => {
      const { fetch } = fakeFetch(() =>
        json({ code: 'forbidden', status: 403 }, 403, 'application/problem+json'),
      )
      const error = await rejectsWith(
        createBffClient({ fetch }).request('POST', '/envoy/rhombus/initiate', {}),
        'forbidden',
      )
      expect(error.status).toBe(403)
      expect(errorHints.forbidden).toMatch(/organisation/)
    })

    it('keeps codes it does not know', async () => {
      const { fetch } = fakeFetch(() =>
        json({ code: 'brand_new_code', status: 409 }, 409, 'application/problem+json'),
      )
      const error = await rejectsWith(createBffClient({ fetch }).getSession(), 'brand_new_code')
      expect(error.status).toBe(409)
    })

    it('maps a JSON error without a code (a proxied upstream answer) to upstream_error', async () => {
      const { fetch } = fakeFetch(() => json({ message: 'nope' }, 401))
      const error = await rejectsWith(
        createBffClient({ fetch }).rhombusRequest('/user/getUsersInOrg'),
        'upstream_error',
      )
      expect(error.status).toBe(401)
      expect(error.cause).toEqual({ message: 'nope' })
    })

    it.each([
      [200, '<!doctype html><p>index.html fallback'],
      [502, 'Bad Gateway'],
      [204, ''],
    ])('maps a non-JSON answer (HTTP %i) to invalid_response', async (status, body) => {
      const { fetch } = fakeFetch(
        () =>
          new Response(status === 204 ? null : body, {
            status,
            headers: { 'content-type': 'text/html' },
          }),
      )
      const error = await rejectsWith(createBffClient({ fetch }).getSession(), 'invalid_response')
      expect(error.status).toBe(status)
      expect(error.cause).toBeInstanceOf(SyntaxError)
    })

    it('maps a network failure to network_error', async () => {
      const failure = new TypeError('Failed to fetch')
      const { fetch } = fakeFetch(() => Promise.reject(failure))
      const error = await rejectsWith(createBffClient({ fetch }).getSession(), 'network_error')
      expect(error.cause).toBe(failure)
    })

    it('maps a request that hangs, headers or body, to timeout', async () => {
      const hang = (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason))
        })
      const { fetch } = fakeFetch(hang)
      const error = await rejectsWith(
        createBffClient({ fetch, timeoutMs: 20 }).getSession(),
        'timeout',
      )
      expect(error.cause).toBeDefined()

      const { fetch: fetch2 } = fakeFetch(
        async (_url, init) =>
          ({
            ok: true,
            status: 200,
            text: () =>
              new Promise((_resolve, reject) =>
                init.signal!.addEventListener('abort', () => reject(init.signal!.reason)),
              ),
          }) as unknown as Response,
      )
      await rejectsWith(createBffClient({ fetch: fetch2, timeoutMs: 20 }).getSession(), 'timeout')
    })

    it("rejects with the caller's own reason when the caller aborts", async () => {
      const hang = (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason))
        })
      const { fetch } = fakeFetch(hang)
      const controller = new AbortController()
      const reason = new Error('unmounted')
      const pending = createBffClient({ fetch }).rhombusRequest(
        '/user/getUsersInOrg',
        {},
        {
          signal: controller.signal,
        },
      )
      controller.abort(reason)
      await expect(pending).rejects.toBe(reason)
    })
  })
})
