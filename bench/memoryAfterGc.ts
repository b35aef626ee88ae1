/** A process's memory, in bytes, read right after forced garbage collections. */
export interface MemorySnapshot {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
}

/**
 * Forces full garbage collections (the process must run with `--expose-gc`), letting
 * pending callbacks, finalizers and closed sockets settle between them, then reads
 * `process.memoryUsage()`. What is left is what the process still holds on to, which is
 * what a leak check compares.
 */
export async function memoryAfterGc(): Promise<MemorySnapshot> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('memoryAfterGc needs node --expose-gc.')
  for (let round = 0; round < 4; round++) {
    gc()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
  return { rss, heapUsed, heapTotal, external, arrayBuffers }
}
