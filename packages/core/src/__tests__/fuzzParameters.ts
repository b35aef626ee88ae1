import type fc from 'fast-check'

// Seeds and replay: see docs/fuzzing.md (the same convention as the BFF fuzz suite's kit).
const env =
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {}

/**
 * fast-check parameters of the property `name`: a seed hashed from the name (or
 * `DOORWAY_FUZZ_SEED`, `random` for a fresh one), `DOORWAY_FUZZ_RUNS` runs (10,000 by
 * default) and `DOORWAY_FUZZ_PATH` to replay one failing case.
 */
export function fuzzParameters(name: string): fc.Parameters<unknown> & { seed: number } {
  let hash = 0x811c9dc5
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193)
  const seed =
    env.DOORWAY_FUZZ_SEED === 'random'
      ? Date.now() | 0
      : env.DOORWAY_FUZZ_SEED
        ? Number(env.DOORWAY_FUZZ_SEED)
        : hash | 0
  const parameters: fc.Parameters<unknown> & { seed: number } = {
    seed,
    numRuns: Number(env.DOORWAY_FUZZ_RUNS ?? 10_000),
  }
  if (env.DOORWAY_FUZZ_PATH) parameters.path = env.DOORWAY_FUZZ_PATH
  return parameters
}
