import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { describe, expect, it } from 'vitest'
import { readBodyText, readLimited } from './readJsonBody.js'

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://bff.test/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit)

/** A stream of `count` chunks of `size` bytes; counts how many were pulled. */
function chunks(count: number, size: number) {
  const stats = { pulled: 0 }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (stats.pulled === count) return controller.close()
        stats.pulled += 1
        controller.enqueue(new Uint8Array(size).fill(0x61))
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, stats }
}

describe('readBodyText', () => {
  it('reads a body with a Content-Length within the limit', async () => {
    expect(await readBodyText(post('{"a":1}', { 'content-length': '7' }), 7)).toBe('{"a":1}')
  })

  it('refuses a declared Content-Length past the limit before reading a byte', async () => {
    const { stream, stats } = chunks(10, 100)
    const request = post(stream, { 'content-length': '1000' })
    await expect(readBodyText(request, 999)).rejects.toMatchObject({
      code: 'payload_too_large',
      status: 413,
    })
    expect(stats.pulled).toBe(0)
  })

  it('a chunked body (no Content-Length) is cut off at the limit, not read whole', async () => {
    const { stream, stats } = chunks(1000, 1024)
    await expect(readBodyText(post(stream), 4 * 1024)).rejects.toMatchObject({
      code: 'payload_too_large',
    })
    expect(stats.pulled).toBeLessThan(10)
  })

  it('an in-process Request that declares less than it carries is still refused', async () => {
    const request = post('x'.repeat(2000), { 'content-length': '10' })
    await expect(readBodyText(request, 1000)).rejects.toMatchObject({ code: 'payload_too_large' })
  })

  it('counts bytes, not characters: 600 two-byte characters are 1,200 bytes', async () => {
    const request = post('é'.repeat(600), { 'content-length': '1200' })
    await expect(readBodyText(request, 1000)).rejects.toMatchObject({ code: 'payload_too_large' })
    expect(await readBodyText(post('é'.repeat(500), { 'content-length': '1000' }), 1000)).toBe(
      'é'.repeat(500),
    )
  })

  it('a malformed Content-Length falls back to the chunked path and its limit', async () => {
    const request = post('x'.repeat(2000), { 'content-length': '1e3' })
    await expect(readBodyText(request, 1000)).rejects.toMatchObject({ code: 'payload_too_large' })
  })

  it('over real HTTP through @hono/node-server: a declared body is read whole, a chunked one is cut off', async () => {
    const seen: string[] = []
    const server = createServer(
      getRequestListener(async (request) => {
        try {
          seen.push(`ok ${(await readBodyText(request, 4096)).length}`)
        } catch (error) {
          seen.push(`refused ${(error as { code?: string }).code}`)
        }
        return new Response('done')
      }),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const send = (body: string[], headers: Record<string, string>) =>
      new Promise<void>((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port, method: 'POST', path: '/', headers },
          (response) => response.resume().on('end', resolve),
        )
        request.on('error', reject)
        for (const part of body) request.write(part)
        request.end()
      })
    try {
      await send(['x'.repeat(4096)], { 'content-length': '4096' })
      await send(['x'.repeat(3000), 'x'.repeat(3000)], { 'transfer-encoding': 'chunked' })
      await send(['x'.repeat(100)], { 'transfer-encoding': 'chunked' })
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
    expect(seen).toEqual(['ok 4096', 'refused payload_too_large', 'ok 100'])
  })
})

const tooLarge = () => new Error('too large')

/** An endless stream of `chunk`-byte chunks, made on demand; counts what was pulled. */
function endless(chunk: number) {
  const stats = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        stats.pulled += chunk
        controller.enqueue(new Uint8Array(chunk).fill(0x78))
      },
      cancel() {
        stats.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, stats }
}

describe('readLimited', () => {
  it('stops at the first chunk past the limit and cancels the source', async () => {
    const { stream, stats } = endless(1000)
    await expect(readLimited(stream, 4500, tooLarge)).rejects.toThrow('too large')
    expect(stats.pulled).toBe(5000)
    expect(stats.cancelled).toBe(true)
  })

  it('reads a body of exactly the limit', async () => {
    const body = new Response('x'.repeat(4096)).body
    expect(await readLimited(body, 4096, tooLarge)).toHaveLength(4096)
  })

  it('decodes UTF-8 split across chunks', async () => {
    const bytes = new TextEncoder().encode('é€😀')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte))
        controller.close()
      },
    })
    expect(await readLimited(stream, 100, tooLarge)).toBe('é€😀')
  })

  it('reads no body as an empty string', async () => {
    expect(await readLimited(null, 0, tooLarge)).toBe('')
  })
})
