// `pnpm bench:load` (issue 6, item 3): 10,000 Rhombus sign-in exchanges, 200 at a time,
// through a BFF in its own process, against the sandbox (its own process too) with 5 % of
// token requests failing (a mix: 500, 503 with Retry-After, a reset connection, a body that
// is not JSON). Checks that every request is answered, every success
// carries a session that GET /bff/session accepts (every one is checked), every failure is
// an RFC 9457 problem (and there are exactly as many as injected faults), the BFF neither
// crashed nor saw an unhandled rejection, and its memory grew by under 30 MB. Prints the
// figures; exits 1 when a goal is missed. Options: --exchanges N, --concurrency N,
// --fault-rate P (not with --write), --write (the figures become the `bench:load` section
// of BENCHMARKS.md), --note "text" (added to the written section).
import { parseArgs } from 'node:util'
import type { SandboxFaultRule, SandboxRhombusUrls } from '@doorway/sandbox'
import { benchBffEnv } from './benchBffEnv.js'
import { benchDatabase } from './benchDatabase.js'
import { exchangeAtBff } from './exchangeAtBff.js'
import { loadAtEnd, machineFacts } from './machineFacts.js'
import { markdownTable } from './markdownTable.js'
import type { MemorySnapshot } from './memoryAfterGc.js'
import { mintCodes } from './mintCodes.js'
import { percentile } from './percentile.js'
import { runPool } from './runPool.js'
import { startChild } from './startChild.js'
import { writeBenchmarksSection } from './writeBenchmarksSection.js'

interface BffStats {
  memory: MemorySnapshot
  /** CPU time the BFF process has used so far (user + system), in microseconds. */
  cpuMicros: number
  unhandledRejections: number
  uncaughtExceptions: number
  errors: string[]
  logs: Record<string, number>
}

const { values: options } = parseArgs({
  options: {
    exchanges: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '200' },
    'fault-rate': { type: 'string', default: '0.05' },
    write: { type: 'boolean', default: false },
    note: { type: 'string' },
  },
})
const custom = ['exchanges', 'concurrency', 'fault-rate'].some((name) =>
  process.argv.some((arg) => arg.startsWith(`--${name}`)),
)
if (options.write && custom) {
  console.error(
    "--write records the issue's run: leave out --exchanges, --concurrency, --fault-rate.",
  )
  process.exit(2)
}
// Bounded in time whatever happens (a hung server, a lost answer): the children exit with us.
setTimeout(() => {
  console.error('Gave up after 10 minutes.')
  process.exit(1)
}, 10 * 60_000).unref()
const startedAt = new Date()
const facts = machineFacts()
const exchanges = Number(options.exchanges)
const concurrency = Number(options.concurrency)
const faultRate = Number(options['fault-rate'])
/**
 * Exchanges before the measured run, at its concurrency and without faults: the BFF's lazy
 * imports, JIT code and connection pools settle, so "before" is a warm server's memory.
 */
const warmUp = 1000
const memoryGoalBytes = 30 * 1024 * 1024

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const signedMB = (bytes: number) => `${bytes >= 0 ? '+' : ''}${MB(bytes)}`
const ms = (value: number) => `${value.toFixed(1)} ms`
const log = (line: string) => console.log(line)

const database = benchDatabase('load')
const sandbox = await startChild('./sandboxServer.ts')
const rhombus = await sandbox.ask<SandboxRhombusUrls>({ type: 'rhombus' })
const bff = await startChild('./bffServer.ts', benchBffEnv(rhombus, database.file))
let exitCode = 1
try {
  log(`Sandbox (pid ${sandbox.pid}) at ${sandbox.url}; BFF (pid ${bff.pid}) at ${bff.url}.`)
  log(`BFF store: ${database.description}.`)
  const cold = await bff.ask<BffStats>({ type: 'stats' })

  let started = performance.now()
  const codes = await mintCodes(rhombus.consoleUrl, warmUp + exchanges)
  const mintSeconds = (performance.now() - started) / 1000
  log(`Minted ${codes.length} codes at the sandbox console in ${mintSeconds.toFixed(1)} s.`)

  const warm = await runPool(warmUp, concurrency, (index) => exchangeAtBff(bff.url, codes[index]!))
  const warmFailures = warm.filter((outcome) => outcome.kind !== 'session').length
  if (warmFailures > 0) throw new Error(`${warmFailures} of ${warmUp} warm-up exchanges failed.`)
  const before = await bff.ask<BffStats>({ type: 'stats' })

  // The faults are a mix: an error status, a 503 with Retry-After, a reset connection and a
  // body that is not JSON, one rule each. The sandbox tries the rules in turn, so each gets
  // the probability that makes `faultRate` the chance that one of them fires.
  const faults = [
    { kind: 'status', status: 500 },
    { kind: 'status', status: 503, retryAfter: 3 },
    { kind: 'reset' },
    { kind: 'non-json' },
  ]
  const perRule = 1 - (1 - faultRate) ** (1 / faults.length)
  const rules: SandboxFaultRule[] = []
  for (const fault of faults) {
    const ruleAnswer = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: '/oauth/token',
        role: 'auth-web',
        fault,
        probability: perRule,
      }),
    })
    if (ruleAnswer.status !== 201) {
      throw new Error(`The sandbox refused the fault rule: ${await ruleAnswer.text()}`)
    }
    rules.push((await ruleAnswer.json()) as SandboxFaultRule)
  }

  log(`Running ${exchanges} exchanges, ${concurrency} at a time, ${faultRate * 100} % faulted…`)
  started = performance.now()
  const outcomes = await runPool(exchanges, concurrency, (index) =>
    exchangeAtBff(bff.url, codes[warmUp + index]!),
  )
  const runSeconds = (performance.now() - started) / 1000
  const cpuAfterRun = (await bff.ask<{ cpuMicros: number }>({ type: 'cpu' })).cpuMicros

  const listed = (await (await fetch(`${sandbox.url}/__sandbox/faults`)).json()) as {
    rules: SandboxFaultRule[]
  }
  const injected = rules
    .map((rule) => listed.rules.find((r) => r.id === rule.id)?.hits ?? Number.NaN)
    .reduce((sum, hits) => sum + hits, 0)
  await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' })

  const sessions: string[] = []
  const problems = new Map<string, number>()
  const untyped: string[] = []
  const unanswered: string[] = []
  for (const outcome of outcomes) {
    if (outcome.kind === 'session') sessions.push(outcome.cookie)
    else if (outcome.kind === 'problem') {
      const key = `${outcome.status} ${outcome.code}`
      problems.set(key, (problems.get(key) ?? 0) + 1)
    } else if (outcome.kind === 'untyped') untyped.push(outcome.detail)
    else unanswered.push(outcome.detail)
  }
  const problemCount = [...problems.values()].reduce((sum, n) => sum + n, 0)

  log(`Checking all ${sessions.length} session cookies with GET /bff/session…`)
  const checks = await runPool(sessions.length, concurrency, async (index) => {
    try {
      const response = await fetch(`${bff.url}/bff/session`, {
        headers: { cookie: sessions[index]! },
        signal: AbortSignal.timeout(30_000),
      })
      const summary = (await response.json()) as { authenticated?: boolean; user?: unknown }
      return response.status === 200 && summary.authenticated === true && summary.user != null
        ? 'accepted'
        : 'rejected'
    } catch {
      return 'unanswered'
    }
  })
  const accepted = checks.filter((check) => check === 'accepted').length
  const checkUnanswered = checks.filter((check) => check === 'unanswered').length

  const alive = bff.exited() === undefined
  const after: BffStats | undefined = alive ? await bff.ask<BffStats>({ type: 'stats' }) : undefined
  const latencies = outcomes.map((outcome) => outcome.ms)

  const goals: [string, string, string, boolean][] = []
  const goal = (what: string, measured: string, target: string, pass: boolean) =>
    goals.push([what, measured, target, pass])
  goal(
    'exchanges answered',
    `${exchanges - unanswered.length} / ${exchanges}`,
    'all',
    unanswered.length === 0,
  )
  goal(
    'sessions accepted by GET /bff/session',
    `${accepted} / ${sessions.length}`,
    'every success',
    sessions.length > 0 && accepted === sessions.length && checkUnanswered === 0,
  )
  goal(
    'failures that are typed problems',
    `${problemCount} / ${outcomes.length - sessions.length - unanswered.length}`,
    'all',
    untyped.length === 0,
  )
  goal(
    'failures = injected faults',
    `${problemCount} = ${injected}`,
    'equal',
    problemCount === injected,
  )
  goal('BFF process alive (no crash)', alive ? 'yes' : `exited ${bff.exited()}`, 'yes', alive)
  goal(
    'unhandled rejections / uncaught exceptions',
    after ? `${after.unhandledRejections} / ${after.uncaughtExceptions}` : 'n/a',
    '0 / 0',
    after !== undefined && after.unhandledRejections === 0 && after.uncaughtExceptions === 0,
  )
  if (after) {
    const rss = after.memory.rss - before.memory.rss
    const heap = after.memory.heapUsed - before.memory.heapUsed
    goal('BFF RSS growth after GC', signedMB(rss), '< 30 MB', rss < memoryGoalBytes)
    goal('BFF heapUsed growth after GC', signedMB(heap), '< 30 MB', heap < memoryGoalBytes)
  }
  const passed = goals.every(([, , , pass]) => pass)

  const figures: [string, string][] = [
    ['exchanges (measured run)', `${exchanges}, ${concurrency} concurrent`],
    [
      'warm-up exchanges (no faults, before the "before" reading)',
      `${warmUp}, ${concurrency} concurrent`,
    ],
    ['codes minted over HTTP before the run', `${codes.length} in ${mintSeconds.toFixed(1)} s`],
    ['run time', `${runSeconds.toFixed(1)} s (${(exchanges / runSeconds).toFixed(0)} exchanges/s)`],
    [
      'BFF CPU time during the run',
      `${((cpuAfterRun - before.cpuMicros) / 1e6).toFixed(1)} s (${((cpuAfterRun - before.cpuMicros) / 1e4 / runSeconds).toFixed(0)} % of one core)`,
    ],
    [
      'exchange latency p50 / p95 / p99 / max',
      [50, 95, 99, 100].map((p) => ms(percentile(latencies, p))).join(' / '),
    ],
    ['sessions (200 with cookie)', String(sessions.length)],
    [
      'token requests faulted by the sandbox',
      `${injected} (${((injected / exchanges) * 100).toFixed(2)} %)`,
    ],
    [
      'problems by status and code',
      [...problems].map(([key, n]) => `${key}: ${n}`).join(', ') || 'none',
    ],
    [
      'untyped answers',
      untyped.length === 0 ? '0' : `${untyped.length}: ${untyped.slice(0, 3).join('; ')}`,
    ],
    [
      'unanswered',
      unanswered.length === 0 ? '0' : `${unanswered.length}: ${unanswered.slice(0, 3).join('; ')}`,
    ],
    [
      'BFF RSS: cold / before / after (after GC)',
      [cold, before, after].map((s) => (s ? MB(s.memory.rss) : 'n/a')).join(' / '),
    ],
    [
      'BFF heapUsed: cold / before / after (after GC)',
      [cold, before, after].map((s) => (s ? MB(s.memory.heapUsed) : 'n/a')).join(' / '),
    ],
  ]
  if (after && after.errors.length > 0)
    figures.push(['BFF process errors', after.errors.join('; ')])
  if (after) {
    const warnings = Object.entries(after.logs).filter(([key]) => !key.startsWith('debug'))
    figures.push([
      'BFF log lines (info and above)',
      warnings.map(([key, n]) => `${key}: ${n}`).join(', ') || 'none',
    ])
  }

  const figureTable = markdownTable(['figure', 'value'], figures)
  const goalTable = markdownTable(
    ['goal', 'measured', 'target', 'result'],
    goals.map(([what, measured, target, pass]) => [what, measured, target, pass ? 'PASS' : 'FAIL']),
  )
  log('')
  log(figureTable)
  log('')
  log(goalTable)
  log('')
  if (options.write) {
    const markdown = [
      '## `pnpm bench:load`: load and soak',
      '',
      `Command: \`pnpm bench:load --write\`, from the repository root. Run ${startedAt.toISOString()}, took ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s.`,
      '',
      markdownTable(['machine', ''], [...facts, loadAtEnd()]),
      '',
      ...(options.note ? [`> ${options.note}`, ''] : []),
      goalTable,
      '',
      figureTable,
      '',
      '- The BFF (createDoorwayBff + toNodeHandler on node:http) and the sandbox each run in their own process; the driver mints every code first at the sandbox console over HTTP (authorize page, then Approve), then sends the exchanges.',
      `- Store: ${database.description}, the BFF's default store (\`DOORWAY_DB\`): each sign-in writes its session record there, each check reads it. A sign-in is the token request, then \`POST /api/org/getOrgV2\` with the new token (the sandbox answers it), then the stored session.`,
      `- Faults: four \`POST /__sandbox/faults\` rules on \`{"method":"POST","path":"/oauth/token","role":"auth-web"}\`, one per fault (\`${faults.map((f) => JSON.stringify(f)).join('`, `')}\`), each with probability ${perRule.toFixed(4)}, so that one fires for ${faultRate * 100} % of token requests; on for the measured run only.`,
      '- Every session cookie of the run is checked with `GET /bff/session` (no sampling). "Before" is read after the warm-up, "after" once the checks are done; both after forced garbage collections (`--expose-gc`) in the BFF process, asked over IPC by the bench-only server script.',
    ].join('\n')
    log(`Wrote the bench:load section of ${writeBenchmarksSection('bench:load', markdown)}.`)
  }
  log(passed ? 'bench:load: every goal met.' : 'bench:load: a goal was missed.')
  exitCode = passed ? 0 : 1
} catch (error) {
  console.error(error)
  console.error(`BFF output:\n${bff.output()}\nSandbox output:\n${sandbox.output()}`)
} finally {
  await Promise.all([bff.stop(), sandbox.stop()])
  database.remove()
}
process.exit(exitCode)
