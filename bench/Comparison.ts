/**
 * One side-by-side comparison of `pnpm bench`, as printed and written to BENCHMARKS.md:
 * the ratio it is judged on, its goal, and the table of what was measured.
 */
export interface Comparison {
  /** E.g. `a1. BFF GET /bff/session vs bare node:http`. */
  title: string
  /** The goal, in words, e.g. `BFF ≥ 0.5 × bare`. */
  goal: string
  /** The measured ratio, in words, e.g. `0.62 × bare (BFF 8,100 req/s, bare 13,000 req/s)`. */
  ratio: string
  /** Whether the goal is met; `undefined` for a figure the issue sets no goal for. */
  pass: boolean | undefined
  headers: string[]
  rows: string[][]
  /** How it was measured, and anything that qualifies the figures. */
  notes: string[]
}
