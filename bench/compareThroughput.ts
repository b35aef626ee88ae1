import autocannon, { type Result } from 'autocannon'
import { benchBffEnv } from './benchBffEnv.js'
import { benchDatabase } from './benchDatabase.js'
import { storeBenchSession } from './benchSession.js'
import { benchSettings } from './benchSettings.js'
import type { Comparison } from './Comparison.js'
import { percentile } from './percentile.js'
import { startChild } from './startChild.js'

/** Options of {@link compareThroughput}. */
export interface ThroughputOptions {
  /** Seconds per measured run. Default 5. */
  duration?: number
  /** Measured runs per server and route, alternated BFF, bare, bare, BFF, … Default 4. */
  rounds?: number
  /** Concurrent connections, the same for both. Default 50. */
  connections?: number
  log?: (line: string) => void
}

/** Issue 10's goal: at least this fraction of the bare server's throughput. */
const minRatio = 0.6

interface Route {
  name: string
  method: 'GET' | 'POST'
  path: string
  headers: Record<string, string>
  body?: string
}

/**
 * Comparison a: the BFF's `GET /bff/session` (unsealing a valid cookie, then reading its
 * session record) and proxied `POST /bff/rhombus/api/user/getUsersInOrg` against
 * `bareServer.ts` doing the same work, the same store lookup included: both read the one
 * session record from the same SQLite file (the BFF's default store, `DOORWAY_DB`), written
 * beforehand by `storeBenchSession`. Each server runs in its own process, both proxies
 * forward to the same `upstreamStub.ts`. Throughput by autocannon, same duration and
 * connections, runs alternated so that drift in the machine's load falls on both. Both
 * servers' answers are first checked to be the same. Goal (issue 10): the BFF at least
 * 0.6 × the bare server's throughput.
 */
export async function compareThroughput(options: ThroughputOptions = {}): Promise<Comparison[]> {
  const { duration = 5, rounds = 4, connections = 50, log = console.log } = options
  const database = benchDatabase('throughput')
  const cookie = await storeBenchSession(database.file)
  const upstream = await startChild('./upstreamStub.ts')
  const env = benchBffEnv(
    { consoleUrl: upstream.url, authWebUrl: upstream.url, apiUrl: upstream.url },
    database.file,
  )
  const bff = await startChild('./bffServer.ts', env)
  const bare = await startChild('./bareServer.ts', env)
  try {
    const routes: Route[] = [
      { name: 'GET /bff/session', method: 'GET', path: '/bff/session', headers: { cookie } },
      {
        name: 'POST /bff/rhombus/api/user/getUsersInOrg (proxied)',
        method: 'POST',
        path: '/bff/rhombus/api/user/getUsersInOrg',
        headers: {
          cookie,
          'content-type': 'application/json',
          'x-doorway-csrf': '1',
          origin: benchSettings.appOrigin,
        },
        body: '{}',
      },
    ]
    const servers = [
      { name: 'BFF', url: bff.url },
      { name: 'bare node:http', url: bare.url },
    ]

    const comparisons: Comparison[] = []
    for (const [index, route] of routes.entries()) {
      await sameAnswers(route, servers)
      const run = (url: string, seconds: number) =>
        autocannon({
          url: url + route.path,
          method: route.method,
          headers: route.headers,
          ...(route.body !== undefined && { body: route.body }),
          connections,
          duration: seconds,
        })
      for (const server of servers) await run(server.url, 2) // warm-up, not counted
      const results = new Map<string, Result[]>(servers.map((server) => [server.name, []]))
      for (let round = 0; round < rounds; round++) {
        // BFF, bare, bare, BFF, …: neither always goes first.
        const order = round % 2 === 0 ? servers : [...servers].reverse()
        for (const server of order) {
          const result = await run(server.url, duration)
          results.get(server.name)?.push(result)
          log(
            `  ${route.name}, ${server.name}, round ${round + 1}: ${rate(result).toFixed(0)} req/s`,
          )
        }
      }
      const summary = servers.map((server) => summarize(results.get(server.name) ?? []))
      const [ofBff, ofBare] = summary as [Summary, Summary]
      const ratio = ofBff.rate / ofBare.rate
      const clean = summary.every((s) => s.failed === 0)
      comparisons.push({
        title: `a${index + 1}. Throughput: BFF ${route.name} vs bare node:http`,
        goal: `BFF ≥ ${minRatio} × bare`,
        ratio: `${ratio.toFixed(2)} × bare`,
        pass: clean && ratio >= minRatio,
        headers: [
          'server',
          'req/s (mean of runs)',
          'req/s per run',
          'latency p50',
          'latency p99',
          'non-2xx + errors',
        ],
        rows: servers.map((server, i) => {
          const s = summary[i] as Summary
          return [
            server.name,
            s.rate.toFixed(0),
            s.rates.map((r) => r.toFixed(0)).join(', '),
            `${s.p50.toFixed(1)} ms`,
            `${s.p99.toFixed(1)} ms`,
            String(s.failed),
          ]
        }),
        notes: [
          `autocannon, ${connections} connections, ${rounds} runs of ${duration} s per server after a 2 s warm-up each, alternated; latency percentiles are the median over runs.`,
          `Store: ${database.description}, the BFF's default store (\`DOORWAY_DB\`); both servers read the same \`session\` record from it with the BFF's own \`createSqliteCredentialStore(…).getRecord('session', id)\` (a SELECT by primary key, then AES-256-GCM decryption of the record's secrets).`,
          index === 0
            ? 'Both unseal the same valid cookie (jose `dir` + `A256GCM`, the same jose) for the session id, read its record (one store read each) and answer the same summary JSON; the BFF also runs its router, origin/CSRF guard, logging and security headers.'
            : "Both unseal the cookie, read the session record for its access token, and forward `{}` with the same HTTP client (undici's request, the BFF's default transport) to the same upstream stub (its own process, a fixed JSON answer), relaying status and body. Each reads the store once per request (the BFF's token keeper decides from the session its middleware read whether a refresh is due; none is, the token lasts an hour); the BFF also validates the path and body size, and checks the answer is JSON.",
          'The BFF, the bare server, the upstream stub and autocannon each run in their own process on the same 2 cores.',
        ],
      })
    }
    return comparisons
  } finally {
    await Promise.all([bff.stop(), bare.stop(), upstream.stop()])
    database.remove()
  }
}

interface Summary {
  rate: number
  rates: number[]
  p50: number
  p99: number
  failed: number
}

/** Successful requests per second of one autocannon run. */
function rate(result: Result): number {
  return result['2xx'] / result.duration
}

function summarize(results: Result[]): Summary {
  const rates = results.map(rate)
  return {
    rate: rates.reduce((sum, r) => sum + r, 0) / rates.length,
    rates,
    p50: percentile(
      results.map((r) => r.latency.p50),
      50,
    ),
    p99: percentile(
      results.map((r) => r.latency.p99),
      50,
    ),
    failed: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  }
}

/** Throws unless every server answers `route` with the same status and body. */
async function sameAnswers(route: Route, servers: { name: string; url: string }[]) {
  const answers = await Promise.all(
    servers.map(async (server) => {
      const response = await fetch(server.url + route.path, {
        method: route.method,
        headers: route.headers,
        ...(route.body !== undefined && { body: route.body }),
      })
      return `${response.status} ${await response.text()}`
    }),
  )
  if (new Set(answers).size !== 1 || !answers[0]?.startsWith('200 ')) {
    throw new Error(`${route.name}: the servers answer differently:\n${answers.join('\n')}`)
  }
}
