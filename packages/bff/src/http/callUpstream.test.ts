import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  oauth2Tokens,
  type RecordedCall,
  redirectUri,
  signIn,
  spyLogger,
  testBff,
  testOrg,
  verifier,
} from '../__tests__/bffTestKit.js'
import { fakeUpstreamsPerTest } from '../__tests__/fakeUpstream.js'
import type { UpstreamFetch } from '../config/BffConfig.js'
import { BffError } from './BffError.js'
import { callUpstream } from './callUpstream.js'

const upstream = fakeUpstreamsPerTest()

const exchange = () =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code: 'c', codeVerifier: verifier, redirectUri },
  })

const realFetch = { fetch: (url: string, init: RequestInit) => fetch(url, init) }

/**
 * A fake Rhombus for signing in (the token endpoint, and getOrgV2 confirming the account);
 * every other call goes over the network to wherever `apiUrl` points.
 */
const signInThenNetwork = (call: RecordedCall) => {
  if (call.url.endsWith('/oauth/token')) return oauth2Tokens()
  if (call.url.endsWith('/api/org/getOrgV2')) return Response.json({ org: testOrg })
  return fetch(call.url, call.init)
}

describe('20. upstream calls time out and are size-limited', () => {
  it('20. a token endpoint that never answers gives 504 within the timeout', async () => {
    const dead = await upstream(() => {})
    const { app } = testBff({
      ...realFetch,
      upstreamTimeoutMs: 300,
      rhombus: { authUrl: dead.url },
    })
    const started = Date.now()
    const response = await app.request(exchange())
    const elapsed = Date.now() - started
    expect(response.status).toBe(504)
    expect((await response.json()).code).toBe('timeout')
    expect(elapsed).toBeGreaterThanOrEqual(290)
    expect(elapsed).toBeLessThan(300 + 700)
    expect(dead.requests).toHaveLength(1)
  })

  it('20. an API that sends headers and then stalls the body gives 504 too', async () => {
    const stalling = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"users":[')
    })
    const { app } = testBff({
      respond: signInThenNetwork,
      upstreamTimeoutMs: 300,
      rhombus: { apiUrl: stalling.url },
    })
    const cookie = await signIn(app)
    const started = Date.now()
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(response.status).toBe(504)
    expect(Date.now() - started).toBeLessThan(300 + 700)
  })

  it('20. a huge upstream body is cut off and becomes a problem', async () => {
    const huge = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = `"${'x'.repeat(16 * 1024)}",`
      res.write('[')
      // No content-length: the limit must hold while streaming, not just on the header.
      const pump = () => {
        while (res.write(chunk)) {}
        res.once('drain', pump)
      }
      pump()
    })
    const { app } = testBff({
      ...realFetch,
      maxUpstreamBytes: 64 * 1024,
      rhombus: { authUrl: huge.url },
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    const problem = await response.json()
    expect(problem.code).toBe('invalid_response')
    expect(problem.detail).toContain(`${64 * 1024} bytes`)
  })

  it('20. a declared oversized body is refused before it is read', async () => {
    const big = await upstream((_, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(4096),
      })
      res.write('{')
    })
    const { app } = testBff({
      ...realFetch,
      maxUpstreamBytes: 1024,
      rhombus: { authUrl: big.url },
    })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    expect((await response.json()).code).toBe('invalid_response')
  })

  it('20. a refused connection is 502 upstream_unavailable', async () => {
    const gone = await upstream(() => {})
    await gone.close()
    const { app } = testBff({ ...realFetch, rhombus: { authUrl: gone.url } })
    const response = await app.request(exchange())
    expect(response.status).toBe(502)
    expect((await response.json()).code).toBe('upstream_unavailable')
  })

  it('20. the time limit holds even for a fetch that ignores its signal', async () => {
    const call = callUpstream({
      fetch: () => new Promise(() => {}),
      timeoutMs: 50,
      maxBytes: 1024,
      logger: spyLogger(),
    })
    await expect(
      call({ url: 'https://auth.test/oauth/token', method: 'POST', headers: {} }),
    ).rejects.toMatchObject({
      code: 'timeout',
      status: 504,
    })
  })

  it('20. the timeout is configurable and aborts the fetch', async () => {
    let signal: AbortSignal | undefined
    const call = callUpstream({
      fetch: (_, init) => {
        signal = init.signal ?? undefined
        return new Promise(() => {})
      },
      timeoutMs: 20,
      maxBytes: 1024,
      logger: spyLogger(),
    })
    await expect(
      call({ url: 'https://auth.test/x', method: 'GET', headers: {} }),
    ).rejects.toMatchObject({
      code: 'timeout',
    })
    expect(signal?.aborted).toBe(true)
  })
})

describe('30. upstream answers have their own size limit, separate from the request-body limit', () => {
  /** A Rhombus-shaped answer of about `bytes` bytes (valid JSON, many users). */
  const usersAnswer = (bytes: number) => {
    const user = (i: number) => ({
      uuid: `user-${i}`,
      email: `u${i}@example.test`,
      name: 'x'.repeat(200),
    })
    const users: ReturnType<typeof user>[] = []
    let size = 12
    for (let i = 0; size < bytes; i++) {
      users.push(user(i))
      size += JSON.stringify(user(i)).length + 1
    }
    return JSON.stringify({ error: false, users })
  }
  /** The Rhombus API on a real socket, sending `body` in 64 KiB chunks, with or without a length. */
  const api = (body: string, declared: boolean) =>
    upstream((_, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        ...(declared && { 'content-length': String(Buffer.byteLength(body)) }),
      })
      for (let at = 0; at < body.length; at += 64 * 1024) res.write(body.slice(at, at + 64 * 1024))
      res.end()
    })
  const proxied = (cookie: string) =>
    bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie })

  it.each([
    ['streamed', false],
    ['with a content-length', true],
  ])(
    '30. a legitimate 3 MB JSON answer (%s) is relayed whole through the Rhombus proxy with the defaults',
    async (_, declared) => {
      const body = usersAnswer(3 * 1000 * 1000)
      expect(body.length).toBeGreaterThan(3_000_000)
      const rhombus = await api(body, declared)
      const { app } = testBff({ respond: signInThenNetwork, rhombus: { apiUrl: rhombus.url } })
      const response = await app.request(proxied(await signIn(app)))
      expect(response.status).toBe(200)
      const text = await response.text()
      expect(text.length).toBe(body.length)
      expect(text).toBe(body)
      // The same BFF still refuses a request body past its own limit (64 KiB by default).
      const upload = await app.request(
        bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
          body: { pad: 'x'.repeat(70_000) },
          cookie: await signIn(app),
        }),
      )
      expect(upload.status).toBe(413)
      expect(rhombus.requests).toHaveLength(1)
    },
  )

  it.each([
    ['streamed', false],
    ['with a content-length', true],
  ])(
    '30. an answer over maxUpstreamBytes (%s) is cut with the typed error, and the BFF goes on',
    async (_, declared) => {
      const rhombus = await api(usersAnswer(3 * 1000 * 1000), declared)
      const { app } = testBff({
        respond: signInThenNetwork,
        maxUpstreamBytes: 1024 * 1024,
        rhombus: { apiUrl: rhombus.url },
      })
      const cookie = await signIn(app)
      const response = await app.request(proxied(cookie))
      expect(response.status).toBe(502)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      const problem = await response.json()
      expect(problem.code).toBe('invalid_response')
      expect(problem.detail).toContain(`${1024 * 1024} bytes`)
      // Still serving: the session is untouched and a later call is answered (cut again).
      const session = await app.request(bffRequest('GET', '/bff/session', { cookie }))
      expect(await session.json()).toMatchObject({ authenticated: true })
      expect((await app.request(proxied(cookie))).status).toBe(502)
    },
  )

  it('30. the two limits are set apart: a small request-body limit does not cut answers, a large upstream limit does not admit request bodies', async () => {
    const body = usersAnswer(500 * 1000)
    const rhombus = await api(body, false)
    const { app } = testBff({
      respond: signInThenNetwork,
      maxBodyBytes: 1024,
      maxUpstreamBytes: 16 * 1024 * 1024,
      rhombus: { apiUrl: rhombus.url },
    })
    const cookie = await signIn(app)
    const response = await app.request(proxied(cookie))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe(body)
    const upload = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: { pad: 'x'.repeat(2048) },
        cookie,
      }),
    )
    expect(upload.status).toBe(413)
    expect((await upload.json()).code).toBe('payload_too_large')
    expect(rhombus.requests).toHaveLength(1)
  })
})

describe('a 503 that asks to be retried later', () => {
  const call = (response: () => Response) =>
    callUpstream({
      fetch: async () => response(),
      timeoutMs: 1000,
      maxBytes: 1024,
      logger: spyLogger(),
    })({ url: 'https://auth.test/oauth/token', method: 'POST', headers: {} })

  it('is upstream_unavailable 503 with retryAfter, the OAuth error kept', async () => {
    const error = await call(() =>
      Response.json(
        { error: 'temporarily_unavailable', error_description: 'maintenance' },
        { status: 503, headers: { 'retry-after': ' 7 ' } },
      ),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BffError)
    expect(error).toMatchObject({
      code: 'upstream_unavailable',
      status: 503,
      retryAfter: 7,
      error: 'temporarily_unavailable',
      error_description: 'maintenance',
    })
  })

  it('takes an HTTP-date too, as seconds from now (never negative)', async () => {
    const later = new Date(Date.now() + 120_500).toUTCString()
    await expect(
      call(() => new Response('', { status: 503, headers: { 'retry-after': later } })),
    ).rejects.toMatchObject({ retryAfter: expect.toSatisfy((s: number) => s >= 119 && s <= 121) })
    const past = new Date(Date.now() - 60_000).toUTCString()
    await expect(
      call(() => new Response('', { status: 503, headers: { 'retry-after': past } })),
    ).rejects.toMatchObject({ retryAfter: 0 })
  })

  it.each([
    ['a 503 without Retry-After', 503, {}],
    ['a malformed Retry-After', 503, { 'retry-after': 'soon' }],
    ['a negative Retry-After', 503, { 'retry-after': '-5' }],
    ['a 429 with Retry-After', 429, { 'retry-after': '7' }],
    ['a 500 with Retry-After', 500, { 'retry-after': '7' }],
  ])('%s goes back to the caller as an answer, as any other', async (_, status, headers) => {
    await expect(
      call(
        () =>
          new Response('{"error":"x"}', {
            status,
            headers: { 'content-type': 'application/json', ...headers },
          }),
      ),
    ).resolves.toEqual({ status, body: '{"error":"x"}', contentType: 'application/json' })
  })

  it('an answer keeps its Content-Type as sent, and none when it had none (no other header)', async () => {
    await expect(
      call(
        () =>
          new Response('<p>x</p>', {
            status: 200,
            headers: { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'a=1' },
          }),
      ),
    ).resolves.toEqual({ status: 200, body: '<p>x</p>', contentType: 'text/html; charset=utf-8' })
    await expect(call(() => new Response(null, { status: 204 }))).resolves.toEqual({
      status: 204,
      body: '',
    })
  })
})

// Every behaviour callUpstream promises, over a real socket, with its default transport
// (undici's request, what a deployed BFF uses) and with a configured fetch.
const transports: [string, UpstreamFetch | undefined][] = [
  ['the default transport (undici request)', undefined],
  ['a configured fetch', (url, init) => fetch(url, init)],
]

describe.each(transports)('callUpstream over %s', (_, fetch) => {
  const call = (options: { timeoutMs?: number; maxBytes?: number } = {}) =>
    callUpstream({
      fetch,
      timeoutMs: options.timeoutMs ?? 2000,
      maxBytes: options.maxBytes ?? 1024 * 1024,
      logger: spyLogger(),
    })

  it('sends the method, the headers it is given and the body; relays status, body and Content-Type', async () => {
    const api = await upstream((_, res) => {
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end('{"ok":true}')
    })
    const answer = await call()({
      url: `${api.url}/oauth/token`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'grant_type=authorization_code&code=c',
    })
    expect(answer).toEqual({
      status: 201,
      body: '{"ok":true}',
      contentType: 'application/json; charset=utf-8',
    })
    const [request] = api.requests
    expect(request?.method).toBe('POST')
    expect(request?.url).toBe('/oauth/token')
    expect(request?.body).toBe('grant_type=authorization_code&code=c')
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(request?.headers.accept).toBe('application/json')
  })

  it('follows no redirect: the 302 itself is the answer and its Location is never requested', async () => {
    const api = await upstream((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/elsewhere' }).end()
      else res.writeHead(200).end('followed')
    })
    const answer = await call()({ url: `${api.url}/start`, method: 'GET', headers: {} })
    expect(answer.status).toBe(302)
    expect(api.requests.map((request) => request.url)).toEqual(['/start'])
  })

  it('a server that never answers is 504 timeout within the limit', async () => {
    const dead = await upstream(() => {})
    const started = Date.now()
    await expect(
      call({ timeoutMs: 200 })({ url: dead.url, method: 'GET', headers: {} }),
    ).rejects.toMatchObject({ code: 'timeout', status: 504 })
    expect(Date.now() - started).toBeLessThan(200 + 700)
  })

  it('a body that stalls after the headers is 504 timeout too', async () => {
    const stalling = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"users":[')
    })
    await expect(
      call({ timeoutMs: 200 })({ url: stalling.url, method: 'GET', headers: {} }),
    ).rejects.toMatchObject({ code: 'timeout' })
  })

  it('a streamed body past maxBytes is cut off (invalid_response) and the source stops', async () => {
    let written = 0
    const huge = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = 'x'.repeat(16 * 1024)
      const pump = () => {
        while (!res.destroyed && written < 64 * 1024 * 1024 && res.write(chunk)) {
          written += chunk.length
        }
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    })
    await expect(
      call({ maxBytes: 64 * 1024 })({ url: huge.url, method: 'GET', headers: {} }),
    ).rejects.toMatchObject({ code: 'invalid_response', message: expect.stringContaining('65536') })
    await new Promise((resolve) => setTimeout(resolve, 100))
    // Cancelled, not drained: far less than the 64 MB the server would send.
    expect(written).toBeLessThan(8 * 1024 * 1024)
  })

  it('a declared Content-Length past maxBytes is refused before the body is read', async () => {
    const big = await upstream((_, res) => {
      res.writeHead(200, { 'content-length': '4096' })
      res.write('{')
    })
    await expect(
      call({ maxBytes: 1024 })({ url: big.url, method: 'GET', headers: {} }),
    ).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('a refused connection is 502 upstream_unavailable', async () => {
    const gone = await upstream(() => {})
    await gone.close()
    await expect(call()({ url: gone.url, method: 'GET', headers: {} })).rejects.toMatchObject({
      code: 'upstream_unavailable',
      status: 502,
    })
  })

  it('a 503 with Retry-After is upstream_unavailable 503 with the wait', async () => {
    const busy = await upstream((_, res) => {
      res.writeHead(503, { 'retry-after': '7', 'content-type': 'application/json' })
      res.end('{"error":"temporarily_unavailable"}')
    })
    await expect(call()({ url: busy.url, method: 'GET', headers: {} })).rejects.toMatchObject({
      code: 'upstream_unavailable',
      status: 503,
      retryAfter: 7,
      error: 'temporarily_unavailable',
    })
  })

  it('keeps serving after failures: the next call on the same pool is answered', async () => {
    let calls = 0
    const flaky = await upstream((_, res) => {
      calls += 1
      if (calls === 1) res.writeHead(200, { 'content-length': '4096' }).write('{')
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"n":2}')
    })
    const send = call({ maxBytes: 1024 })
    await expect(send({ url: flaky.url, method: 'GET', headers: {} })).rejects.toMatchObject({
      code: 'invalid_response',
    })
    expect(await send({ url: flaky.url, method: 'GET', headers: {} })).toMatchObject({
      status: 200,
      body: '{"n":2}',
    })
  })
})

describe('the default transport sends only what the BFF gives it', () => {
  it('no User-Agent, Accept-Encoding, Sec-Fetch-Mode or Accept-Language: the headers providers document, Host, Content-Length and keep-alive', async () => {
    const api = await upstream((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
    await callUpstream({ timeoutMs: 2000, maxBytes: 1024, logger: spyLogger() })({
      url: `${api.url}/api/org/getOrgV2`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-auth-scheme': 'api-oauth-token',
        'x-auth-access-token': 'token',
      },
      body: '{}',
    })
    const sent = Object.keys(api.requests[0]?.headers ?? {}).sort()
    expect(sent).toEqual([
      'accept',
      'connection',
      'content-length',
      'content-type',
      'host',
      'x-auth-access-token',
      'x-auth-scheme',
    ])
    expect(api.requests[0]?.headers.connection).toBe('keep-alive')
  })
})
