import { fileURLToPath } from 'node:url'

const src = (pkg: string) =>
  fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url))

/** Workspace packages resolve to their sources in tests, so no build is needed first. */
export const alias = {
  '@doorway/core': src('core'),
  '@doorway/react': src('react'),
  '@doorway/bff': src('bff'),
  '@doorway/sandbox': src('sandbox'),
}

/**
 * Vitest 5's reporters call `Map.groupBy` / `Object.groupBy` (Node 21+) when a test fails,
 * which on Node 20 crashes the reporter and hides the failure. Supplies both, in the
 * main process only.
 */
export function polyfillNode20() {
  const group = <T, K>(items: Iterable<T>, key: (item: T, index: number) => K) => {
    const groups = new Map<K, T[]>()
    let index = 0
    for (const item of items) {
      const k = key(item, index++)
      const list = groups.get(k)
      if (list) list.push(item)
      else groups.set(k, [item])
    }
    return groups
  }
  const M = Map as unknown as { groupBy?: typeof group }
  M.groupBy ??= group
  const O = Object as unknown as { groupBy?: unknown }
  O.groupBy ??= <T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) =>
    Object.assign(Object.create(null), Object.fromEntries(group(items, key)))
}
