import { describe, expect, it } from 'vitest'
import { readLimited } from './readLimited.js'

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
