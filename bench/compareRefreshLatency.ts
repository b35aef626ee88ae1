import type { RhombusTokenStats, SandboxRhombusUrls } from '@doorway/sandbox'
import { benchBffEnv } from './benchBffEnv.js'
import { benchDatabase } from './benchDatabase.js'
import { benchSettings } from './benchSettings.js'
import type { Comparison } from './Comparison.js'
import { exchangeAtBff } from './exchangeAtBff.js'
import { mintCodes } from './mintCodes.js'
import { percentile } from './percentile.js'
import { directRefreshRequest, directTokenRequest, sendDirect } from './rhombusTokenRequests.js'
import { rhombusUserCall } from './rhombusUserCall.js'
import { startChild } from './startChild.js'

/** Options of {@link compareRefreshLatency}. */
export interface RefreshLatencyOptions {
  /** Timed requests per way. Default 400. */
  samples?: number
  log?: (line: string) => void
}

type Way = 'refresh' | 'call' | 'refreshAndCall' | 'bffCall' | 'bffRefresh'

/**
 * How long the sandbox's access tokens live in this comparison (seconds). The BFF renews a
 * token once half its lifetime is left at most (the token keeper's skew: 60 s, at most half
 * the lifetime), so a session signed in 3 s ago is due for a refresh; one refreshed a few
 * milliseconds ago is not.
 */
const tokenTtlSeconds = 6

/** The Rhombus API call every way makes: the one the BFF's sign-in makes too. */
const apiPath = 'org/getOrgV2'

/**
 * Comparison e: what a token refresh adds at the BFF, against the bare refresh request.
 * Timed one at a time from the driver, the ways interleaved request by request (rotating
 * which goes first):
 * - `bffRefresh`: `POST /bff/rhombus/api/org/getOrgV2` with a session whose access token is
 *   due (signed in more than half a token lifetime ago): the BFF refreshes it first (the
 *   token keeper: a locked read-refresh-write of the session record in the SQLite store,
 *   the refresh request to the sandbox), then makes the call with the new token;
 * - `bffCall`: the same proxied call with a session whose token is not due (the one
 *   refreshed last): no refresh;
 * - `refresh`: the bare refresh request straight to the sandbox (`directRefreshRequest`,
 *   the request the BFF sends, its JSON answer read), on a chain of direct grants (each
 *   refresh rotates the refresh token, the next uses the new one);
 * - `call`: `getOrgV2` straight to the sandbox with a live token;
 * - `refreshAndCall`: the bare refresh request, then `getOrgV2` with the new token.
 * A refresh at the BFF costs `bffRefresh − bffCall`; the goal (issue 10) is that this is
 * under 2 ms more than the bare refresh request, at the median. Cross-check on the other
 * ways: `(bffRefresh − refreshAndCall) − (bffCall − call)`. The sandbox's refresh counter is
 * read after each BFF request: every `bffRefresh` made exactly one refresh, every `bffCall`
 * none, or the comparison fails.
 */
export async function compareRefreshLatency(
  options: RefreshLatencyOptions = {},
): Promise<Comparison> {
  const { samples = 400, log = console.log } = options
  const warmUp = 50
  const database = benchDatabase('refresh')
  const sandbox = await startChild('./sandboxServer.ts', {
    BENCH_TOKEN_TTL_SECONDS: String(tokenTtlSeconds),
  })
  const rhombus = await sandbox.ask<SandboxRhombusUrls>({ type: 'rhombus' })
  const bff = await startChild('./bffServer.ts', benchBffEnv(rhombus, database.file))
  try {
    const iterations = warmUp + samples
    // One code for the direct grant chain, one for the first refreshed session, one per iteration.
    const codes = await mintCodes(rhombus.consoleUrl, iterations + 2)

    // The direct chain: a grant of the driver's own, renewed by each direct refresh.
    let chain = await tokensOf(await sendDirect(directTokenRequest(rhombus.authWebUrl, codes[0]!)))

    // Sessions at the BFF, one per iteration (each is refreshed once, timed), signed in first.
    const sessions: string[] = []
    for (const code of codes.slice(1)) {
      const outcome = await exchangeAtBff(bff.url, code)
      if (outcome.kind !== 'session') throw new Error(`BFF sign-in failed: ${outcome.kind}`)
      sessions.push(outcome.cookie)
    }
    const dueAt = Date.now() + (tokenTtlSeconds * 1000) / 2 + 250
    log(`  ${sessions.length} sessions signed in; waiting until their tokens are due…`)
    await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now()))

    let stats = await sandbox.ask<RhombusTokenStats>({ type: 'tokenStats' })
    let expectedRefreshes = stats.refreshes
    const checkRefreshes = async (what: string) => {
      stats = await sandbox.ask<RhombusTokenStats>({ type: 'tokenStats' })
      if (stats.refreshes !== expectedRefreshes || stats.refusedRefreshes !== 0) {
        throw new Error(
          `${what}: the sandbox counted ${stats.refreshes} refreshes (${stats.refusedRefreshes} refused), ${expectedRefreshes} expected.`,
        )
      }
    }

    const directRefresh = async () => {
      chain = await tokensOf(
        await sendDirect(directRefreshRequest(rhombus.authWebUrl, chain.refreshToken)),
      )
      expectedRefreshes++
    }
    // The first session is refreshed untimed, so that `bffCall` always has a fresh one.
    let lastRefreshed = sessions.shift()!
    await proxiedAtBff(bff.url, lastRefreshed)
    expectedRefreshes++
    await checkRefreshes('first BFF refresh')

    const timed = async (task: () => Promise<void>) => {
      const started = performance.now()
      await task()
      return performance.now() - started
    }
    const once = async (way: Way, index: number): Promise<number> => {
      switch (way) {
        case 'refresh':
          return timed(directRefresh)
        case 'call':
          return timed(async () => void (await rhombusUserCall(rhombus.apiUrl, chain.accessToken)))
        case 'refreshAndCall':
          return timed(async () => {
            await directRefresh()
            await rhombusUserCall(rhombus.apiUrl, chain.accessToken)
          })
        case 'bffCall': {
          const ms = await proxiedAtBff(bff.url, lastRefreshed)
          await checkRefreshes('BFF call with a token not due')
          return ms
        }
        case 'bffRefresh': {
          const cookie = sessions[index]!
          const ms = await proxiedAtBff(bff.url, cookie)
          expectedRefreshes++
          await checkRefreshes('BFF call with a token due')
          lastRefreshed = cookie
          return ms
        }
      }
    }

    const ways: Way[] = ['bffRefresh', 'refresh', 'bffCall', 'call', 'refreshAndCall']
    const times = new Map<Way, number[]>(ways.map((way) => [way, []]))
    for (let i = 0; i < iterations; i++) {
      // Rotate which way goes first, so none always follows another.
      const order = ways.map((_, k) => ways[(i + k) % ways.length] as Way)
      for (const way of order) {
        const ms = await once(way, i)
        if (i >= warmUp) times.get(way)?.push(ms)
      }
    }
    if (stats.reusedRefreshTokens !== 0) {
      throw new Error(`The sandbox saw ${stats.reusedRefreshTokens} reused refresh tokens.`)
    }
    log(`  ${samples} timed requests per way after ${warmUp} warm-up ones.`)

    const stat = (way: Way, p: number) => percentile(times.get(way) ?? [], p)
    const at = (p: number) => {
      const refreshAtBff = stat('bffRefresh', p) - stat('bffCall', p)
      return {
        refreshAtBff,
        added: refreshAtBff - stat('refresh', p),
        crossCheck:
          stat('bffRefresh', p) -
          stat('refreshAndCall', p) -
          (stat('bffCall', p) - stat('call', p)),
        overCalls: stat('bffRefresh', p) - stat('refreshAndCall', p),
      }
    }
    const p50 = at(50)
    const p95 = at(95)
    const ms = (value: number) => `${value.toFixed(2)} ms`
    const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(2)} ms`
    const row = (name: string, way: Way) => [name, ms(stat(way, 50)), ms(stat(way, 95))]
    return {
      title: 'e. Token refresh: what a refresh adds at the BFF vs the bare refresh request',
      goal: 'under 2 ms added at the median',
      ratio: `${signed(p50.added)} at the median over the bare refresh request (a refresh adds ${ms(p50.refreshAtBff)} to a proxied call; the bare refresh request takes ${ms(stat('refresh', 50))}); cross-check ${signed(p50.crossCheck)}`,
      pass: p50.added < 2,
      headers: ['way', 'p50', 'p95'],
      rows: [
        row('bare refresh request, straight to the sandbox', 'refresh'),
        row('getOrgV2, straight to the sandbox', 'call'),
        row('bare refresh request + getOrgV2, straight to the sandbox', 'refreshAndCall'),
        row('BFF proxied getOrgV2, token not due (no refresh)', 'bffCall'),
        row('BFF proxied getOrgV2, token due (refresh, then the call)', 'bffRefresh'),
        [
          'refresh at the BFF = token due − not due',
          signed(p50.refreshAtBff),
          signed(p95.refreshAtBff),
        ],
        [
          '**added by the BFF = refresh at the BFF − bare refresh request** (the goal)',
          signed(p50.added),
          signed(p95.added),
        ],
        [
          'cross-check: (token due − refresh + getOrgV2 direct) − (not due − getOrgV2 direct)',
          signed(p50.crossCheck),
          signed(p95.crossCheck),
        ],
        [
          'token due − refresh + getOrgV2 direct (refresh and proxying together)',
          signed(p50.overCalls),
          signed(p95.overCalls),
        ],
      ],
      notes: [
        `${samples} requests per way, one at a time, interleaved request by request (which way goes first rotates) after ${warmUp} warm-up each; wall time from sending to the whole answer read, in the driver process. Derived rows are differences of the percentiles above.`,
        `The sandbox (its own process) issues access tokens for ${tokenTtlSeconds} s. Every BFF session is signed in first (exchange through the BFF), then the driver waits until their tokens are due (the token keeper refreshes once at most half a token's lifetime is left): each "token due" request is a session's first call after that, so the BFF refreshes first (take the store's lock on the record, read it, send the refresh request (form \`grant_type=refresh_token\`, client_secret_post) to the sandbox, process the answer, write the renewed record, free the lock), then calls getOrgV2 with the new token. "Token not due" calls the session refreshed last (milliseconds before), so the BFF only proxies.`,
        'The sandbox\'s refresh counter (`rhombusTokenStats`) is read after every BFF request: each "token due" request made exactly one refresh, each "not due" none, and no refresh was refused or reused.',
        "The direct ways renew one grant of the driver's own with the request the BFF sends (`directRefreshRequest`: the BFF's exported `refreshTokenGrantRequest` on Rhombus's token endpoint with client_secret_post, what its `oauth2RefreshRequest` was; sent with fetch, the JSON answer read): each refresh rotates the refresh token and the next one presents the new one, as the BFF does. Their getOrgV2 is the request the BFF builds (`rhombusUserRequest`).",
        `Store: ${database.description}, the BFF's default store (\`DOORWAY_DB\`). A refresh's lock and write are three commits there (take the lock, write the record, free the lock), in WAL mode with \`synchronous = NORMAL\` (no fsync per commit).`,
      ],
    }
  } finally {
    await Promise.all([bff.stop(), sandbox.stop()])
    database.remove()
  }
}

/** The tokens of a 200 token-endpoint answer; throws otherwise. */
async function tokensOf(
  response: Response,
): Promise<{ accessToken: string; refreshToken: string }> {
  const body = (await response.json()) as { access_token?: string; refresh_token?: string }
  if (response.status !== 200 || !body.access_token || !body.refresh_token) {
    throw new Error(`Direct token request failed: ${response.status}`)
  }
  return { accessToken: body.access_token, refreshToken: body.refresh_token }
}

/**
 * `POST /bff/rhombus/api/org/getOrgV2` `{}` through the BFF with `cookie`, as the Doorway
 * client sends it; resolves with the wall time once the whole answer is read. Throws unless
 * it is 200 with getOrgV2's `org`.
 */
async function proxiedAtBff(bffUrl: string, cookie: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${bffUrl}/bff/rhombus/api/${apiPath}`, {
    method: 'POST',
    headers: {
      cookie,
      'content-type': 'application/json',
      origin: benchSettings.appOrigin,
      'x-doorway-csrf': '1',
    },
    body: '{}',
  })
  const text = await response.text()
  const ms = performance.now() - started
  if (response.status !== 200 || !text.includes('"org"')) {
    throw new Error(`BFF proxied ${apiPath} failed: ${response.status} ${text.slice(0, 200)}`)
  }
  return ms
}
