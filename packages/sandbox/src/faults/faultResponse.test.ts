import { afterEach, describe, expect, it } from 'vitest'
import { type Sandbox, startSandbox } from '../startSandbox.js'
import { createSandboxFaults } from './createSandboxFaults.js'
import { sandboxFaultHeader } from './faultResponse.js'
import type { SandboxFault } from './SandboxFault.js'

let sandbox: Sandbox | undefined
afterEach(async () => {
  await sandbox?.close()
  sandbox = undefined
})

/** A sandbox whose `GET /v1/locations` on Envoy's API host answers `fault`. */
async function faulty(fault: SandboxFault) {
  sandbox = await startSandbox()
  sandbox.faults.add({ method: 'GET', path: '/v1/locations', provider: 'envoy', fault })
  return { sandbox, url: `${sandbox.envoy.apiUrl}/v1/locations` }
}

/** Waits for `condition`, checking every 10 ms (never a fixed sleep). */
async function until(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** What `fetch` failed with, down its causes. */
function causes(error: unknown): string {
  const parts: string[] = []
  for (let e = error; e instanceof Error; e = e.cause) {
    parts.push(`${e.name}: ${e.message} ${(e as { code?: string }).code ?? ''}`)
  }
  return parts.join(' / ')
}

describe('fault answers over a real socket', () => {
  it('status: the status, Retry-After and a small JSON body, marked as a fault', async () => {
    const { url } = await faulty({ kind: 'status', status: 503, retryAfter: 7 })
    const response = await fetch(url)
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get(sandboxFaultHeader)).toBe('status')
    expect(await response.json()).toMatchObject({ error: 'sandbox_fault' })
    const plain = await faulty({ kind: 'status', status: 500 })
    expect((await fetch(plain.url)).headers.get('retry-after')).toBeNull()
  })

  it('non-json: 200 with an HTML page', async () => {
    const { url } = await faulty({ kind: 'non-json' })
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const text = await response.text()
    expect(() => JSON.parse(text)).toThrow()
    expect(text).toContain('<html')
  })

  it('reset: the connection is destroyed without an HTTP answer, and the server stays up', async () => {
    const { sandbox, url } = await faulty({ kind: 'reset' })
    const error = await fetch(url).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(TypeError)
    expect(causes(error)).toMatch(/ECONNRESET|other side closed|socket hang up/i)
    expect(sandbox.requests.map((r) => r.fault)).toEqual(['reset'])

    sandbox.faults.clear()
    expect((await fetch(`${sandbox.envoy.apiUrl}/v1/locations`)).status).toBe(401)
  })

  it('hang: no answer until the client gives up, then nothing is left running', async () => {
    const { sandbox, url } = await faulty({ kind: 'hang' })
    const started = Date.now()
    const error = await fetch(url, { signal: AbortSignal.timeout(200) }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect((error as Error).name).toBe('TimeoutError')
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    await until(() => sandbox.faults.inFlight === 0)
  })

  it('hang: closing the sandbox drops the connection at once and close() does not wait', async () => {
    const { sandbox: running, url } = await faulty({ kind: 'hang' })
    const pending = fetch(url).then(
      () => 'answered',
      (e: unknown) => causes(e),
    )
    await until(() => running.faults.inFlight === 1)
    const started = Date.now()
    await running.close()
    sandbox = undefined
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await pending).toMatch(/^TypeError: fetch failed/)
    expect(running.faults.inFlight).toBe(0)
  })

  it('trickle: headers at once, then the JSON a few bytes at a time, until the client goes', async () => {
    const { sandbox, url } = await faulty({ kind: 'trickle', bytesPerSecond: 40 })
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json')
    expect(response.headers.get('content-length')).toBeNull()
    const reader = (response.body as ReadableStream<Uint8Array>).getReader()
    const started = Date.now()
    let received = ''
    const decoder = new TextDecoder()
    // 40 bytes per second: 10 bytes every 250 ms.
    while (received.length < 50) {
      const { value } = await reader.read()
      received += decoder.decode(value)
    }
    const elapsed = Date.now() - started
    expect(received).toMatch(/^\{"sandbox":"trickle","padding":"x*$/)
    expect(received.length).toBe(50)
    expect(elapsed).toBeGreaterThanOrEqual(900)
    expect(elapsed).toBeLessThan(2000)
    expect(sandbox.faults.inFlight).toBe(1)
    await reader.cancel()
    await until(() => sandbox.faults.inFlight === 0)
  })

  it('trickle: closing the sandbox cuts the body', async () => {
    const { sandbox: running, url } = await faulty({ kind: 'trickle' })
    const response = await fetch(url)
    const body = response.text().then(
      () => 'complete',
      (e: unknown) => causes(e),
    )
    await running.close()
    sandbox = undefined
    expect(await body).toMatch(/^TypeError/)
    expect(running.faults.inFlight).toBe(0)
  })

  it('huge: exactly `bytes` of valid JSON, streamed without a Content-Length', async () => {
    const { url } = await faulty({ kind: 'huge', bytes: 1_000_003 })
    const response = await fetch(url)
    expect(response.headers.get('content-length')).toBeNull()
    const text = await response.text()
    expect(text.length).toBe(1_000_003)
    expect(JSON.parse(text)).toMatchObject({ sandbox: 'huge' })
  })

  it('huge: 20 MiB by default', async () => {
    const { url } = await faulty({ kind: 'huge' })
    const body = new Uint8Array(await (await fetch(url)).arrayBuffer())
    expect(body.byteLength).toBe(20 * 1024 * 1024)
    expect(new TextDecoder().decode(body.subarray(body.byteLength - 4))).toBe('xx"}')
  })

  it('huge: made as it is read, so a client that stops after 64 KiB of 1 GiB costs nothing', async () => {
    const { sandbox, url } = await faulty({ kind: 'huge', bytes: 1024 * 1024 * 1024 })
    const reader = ((await fetch(url)).body as ReadableStream<Uint8Array>).getReader()
    let read = 0
    while (read < 64 * 1024) read += (await reader.read()).value?.byteLength ?? 0
    expect(sandbox.faults.inFlight).toBe(1)
    await reader.cancel()
    await until(() => sandbox.faults.inFlight === 0)
  })

  it('probability and times hold over HTTP, with the random source the sandbox was given', async () => {
    const rolls = [0.9, 0.01, 0.01, 0.01]
    sandbox = await startSandbox({
      faults: createSandboxFaults({ random: () => rolls.shift() ?? 0 }),
    })
    const added = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'GET',
        path: '/v1/locations',
        fault: { kind: 'status', status: 500 },
        probability: 0.05,
        times: 2,
      }),
    })
    expect(added.status).toBe(201)
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      statuses.push((await fetch(`${sandbox.envoy.apiUrl}/v1/locations`)).status)
    }
    // 0.9 misses, 0.01 twice faults, then the rule is spent (401: no token sent).
    expect(statuses).toEqual([401, 500, 500, 401])
    const listed = await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()
    expect(listed.rules[0]).toMatchObject({ hits: 2, remaining: 0 })
  })
})
