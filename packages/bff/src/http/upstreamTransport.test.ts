import { describe, expect, it } from 'vitest'
import { spyLogger } from '../__tests__/bffTestKit.js'
import { fakeUpstreamsPerTest } from '../__tests__/fakeUpstream.js'
import type { UpstreamFetch } from '../config/BffConfig.js'
import { callUpstream } from './callUpstream.js'

const upstream = fakeUpstreamsPerTest()

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
