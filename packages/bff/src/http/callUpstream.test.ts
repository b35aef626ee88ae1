import { afterEach, describe, expect, it } from 'vitest'
import {
  bffRequest,
  oauth2Tokens,
  redirectUri,
  signIn,
  spyLogger,
  testBff,
  verifier,
} from '../__tests__/bffTestKit.js'
import { fakeUpstream } from '../__tests__/fakeUpstream.js'
import { BffError } from './BffError.js'
import { callUpstream } from './callUpstream.js'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

async function upstream(handle: Parameters<typeof fakeUpstream>[0]) {
  const server = await fakeUpstream(handle)
  closers.push(server.close)
  return server
}

const exchange = () =>
  bffRequest('POST', '/bff/auth/rhombus/exchange', {
    body: { code: 'c', codeVerifier: verifier, redirectUri },
  })

const realFetch = { fetch: (url: string, init: RequestInit) => fetch(url, init) }

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
      respond: (call, i) => (i === 0 ? oauth2Tokens() : fetch(call.url, call.init)),
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
    const { app } = testBff({ ...realFetch, rhombus: { authUrl: huge.url } })
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
        'content-length': String(10 * 1024 * 1024),
      })
      res.write('{')
    })
    const { app } = testBff({ ...realFetch, maxBodyBytes: 1024, rhombus: { authUrl: big.url } })
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
    await expect(call(() => new Response('{"error":"x"}', { status, headers }))).resolves.toEqual({
      status,
      body: '{"error":"x"}',
    })
  })
})
