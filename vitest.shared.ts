import { fileURLToPath } from 'node:url'

const src = (file: string) => fileURLToPath(new URL(`./packages/${file}`, import.meta.url))

/** Workspace packages resolve to their sources in tests, so no build is needed first. */
export const alias = [
  { find: /^@doorway\/core$/, replacement: src('core/src/index.ts') },
  { find: /^@doorway\/core\/wire$/, replacement: src('core/src/wire.ts') },
  { find: /^@doorway\/react$/, replacement: src('react/src/index.ts') },
  { find: /^@doorway\/bff$/, replacement: src('bff/src/index.ts') },
  { find: /^@doorway\/bff\/node$/, replacement: src('bff/src/node.ts') },
  { find: /^@doorway\/sandbox$/, replacement: src('sandbox/src/index.ts') },
]

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
