/**
 * Runs `task(0)` … `task(count - 1)` with at most `concurrency` in flight, each worker
 * taking the next index as soon as its previous task settles, and resolves with the
 * results in index order. A rejected task rejects the whole pool (after the tasks in
 * flight settle): load drivers catch inside `task` what they mean to count.
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      results[index] = await task(index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}
