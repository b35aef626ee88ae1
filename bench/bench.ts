// `pnpm bench` (issue 6, item 4; goals of issue 10): each comparison side by side in one
// run, printed as a ratio with its goal and PASS/FAIL:
//   a) BFF GET /bff/session and a proxied Rhombus API call vs bare node:http doing the same
//      session store lookup (throughput);
//   b) the sign-in exchange through the BFF vs the same calls straight to the sandbox;
//   c) Chromium: click → navigation to the provider, Doorway vs oidc-client-ts;
//   d) bundle sizes of the same tiny app per SDK (Vite, scripts/size.mjs settings);
//   e) what a token refresh adds at the BFF vs the bare refresh request.
// Options: --write (the results become the `bench` section of BENCHMARKS.md), --only a,c
// (a subset; not with --write), --quick (shorter runs, for trying the scripts out; not
// with --write), --note "text" (added to the written section). Exits 1 when a goal is
// missed, after printing (and writing) everything.
import { parseArgs } from 'node:util'
import type { Comparison } from './Comparison.js'
import { compareBundleSizes } from './compareBundleSizes.js'
import { compareExchangeLatency } from './compareExchangeLatency.js'
import { compareRedirectStart } from './compareRedirectStart.js'
import { compareRefreshLatency } from './compareRefreshLatency.js'
import { compareThroughput } from './compareThroughput.js'
import { loadAtEnd, machineFacts } from './machineFacts.js'
import { markdownTable } from './markdownTable.js'
import { writeBenchmarksSection } from './writeBenchmarksSection.js'

const { values: options } = parseArgs({
  options: {
    write: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    note: { type: 'string' },
  },
})
const only = new Set((options.only ?? 'a,b,c,d,e').split(',').map((part) => part.trim()))
if (options.write && (options.quick || options.only !== undefined)) {
  console.error('--write records a full run: leave out --quick and --only.')
  process.exit(2)
}

// Bounded in time whatever happens (a hung server, a lost answer): the children exit with us.
setTimeout(() => {
  console.error('Gave up after 15 minutes.')
  process.exit(1)
}, 15 * 60_000).unref()
const command = `pnpm bench${options.write ? ' --write' : ''}`
const startedAt = new Date()
const facts = machineFacts()
const log = (line: string) => console.log(line)
const quick = options.quick

const steps: [string, string, () => Promise<Comparison | Comparison[]>][] = [
  [
    'a',
    'a. Throughput vs bare node:http (autocannon)…',
    () => compareThroughput(quick ? { duration: 2, rounds: 2 } : {}),
  ],
  [
    'b',
    'b. Exchange latency through the BFF vs straight to the sandbox…',
    () => compareExchangeLatency(quick ? { samples: 100 } : {}),
  ],
  [
    'c',
    'c. Chromium: click → navigation to the provider…',
    () => compareRedirectStart(quick ? { samples: 10 } : {}),
  ],
  ['d', 'd. Bundle sizes…', () => compareBundleSizes()],
  [
    'e',
    'e. Refresh latency through the BFF vs the bare refresh request…',
    () => compareRefreshLatency(quick ? { samples: 100 } : {}),
  ],
]

log(`Load average at start (1 min, 5 min): ${facts.at(-1)?.[1]}.`)
const comparisons: Comparison[] = []
for (const [id, title, run] of steps) {
  if (!only.has(id)) continue
  log(title)
  const result = await run()
  comparisons.push(...(Array.isArray(result) ? result : [result]))
}

const verdict = (pass: boolean | undefined) =>
  pass === undefined ? 'no goal' : pass ? 'PASS' : 'FAIL'
const summary = markdownTable(
  ['comparison', 'goal', 'measured', 'result'],
  comparisons.map((c) => [c.title, c.goal, c.ratio, verdict(c.pass)]),
)
const sections = comparisons.map((c) =>
  [
    `### ${c.title}`,
    '',
    `Goal: ${c.goal}. Measured: ${c.ratio}. **${verdict(c.pass)}**`,
    '',
    markdownTable(c.headers, c.rows),
    '',
    ...c.notes.map((note) => `- ${note}`),
  ].join('\n'),
)

log('')
for (const section of sections) log(`${section}\n`)
log(summary)
log(`\nLoad average at end (1 min, 5 min): ${loadAtEnd()[1]}.`)

if (options.write) {
  const markdown = [
    '## `pnpm bench`: comparisons',
    '',
    `Command: \`${command}\`, from the repository root. Run ${startedAt.toISOString()}, took ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`,
    '',
    markdownTable(['machine', ''], [...facts, loadAtEnd()]),
    '',
    ...(options.note ? [`> ${options.note}`, ''] : []),
    summary,
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n')
  log(`\nWrote the bench section of ${writeBenchmarksSection('bench', markdown)}.`)
}

const failed = comparisons.filter((c) => c.pass === false)
log(failed.length === 0 ? '\nbench: every goal met.' : `\nbench: ${failed.length} goal(s) missed.`)
process.exit(failed.length === 0 ? 0 : 1)
