import type { SandboxRhombusUrls } from '@doorway/sandbox'
import { oauth2TokenRequest } from '../packages/bff/src/rhombus/oauth2TokenRequest.js'
import { benchBffEnv } from './benchBffEnv.js'
import { benchSettings } from './benchSettings.js'
import type { Comparison } from './Comparison.js'
import { exchangeAtBff } from './exchangeAtBff.js'
import { mintCodes } from './mintCodes.js'
import { percentile } from './percentile.js'
import { startChild } from './startChild.js'

/** Options of {@link compareExchangeLatency}. */
export interface ExchangeLatencyOptions {
  /** Timed exchanges per way. Default 400. */
  samples?: number
  log?: (line: string) => void
}

type Way = 'bff' | 'token' | 'tokenAndProbe'

/**
 * Comparison b: a sign-in exchange through the BFF (`POST /bff/auth/rhombus/exchange`, in
 * its own process) against the same token request sent straight to the sandbox (its own
 * process), one request at a time, the ways interleaved request by request (rotating which
 * goes first). The token request is the BFF's own (`oauth2TokenRequest`, HTTP Basic), so
 * the two differ only by the BFF. A third way sends the token request and then the
 * partner probe the BFF makes after it in the `oauth2` dialect (`getUsersInOrg` with the
 * new token). Goal (issue 6): under 2 ms added at the median, judged against the same
 * upstream calls made directly (the BFF's own work); the figure over the bare token request
 * is printed too.
 */
export async function compareExchangeLatency(
  options: ExchangeLatencyOptions = {},
): Promise<Comparison> {
  const { samples = 400, log = console.log } = options
  const warmUp = 50
  const sandbox = await startChild('./sandboxServer.ts')
  const rhombus = await sandbox.ask<SandboxRhombusUrls>({ type: 'rhombus' })
  const bff = await startChild('./bffServer.ts', benchBffEnv(rhombus))
  try {
    const ways: Way[] = ['bff', 'token', 'tokenAndProbe']
    const total = (warmUp + samples) * ways.length
    const codes = await mintCodes(rhombus.consoleUrl, total)
    let nextCode = 0
    const times = new Map<Way, number[]>(ways.map((way) => [way, []]))

    const once = async (way: Way): Promise<number> => {
      const code = codes[nextCode++]!
      if (way === 'bff') {
        const outcome = await exchangeAtBff(bff.url, code)
        if (outcome.kind !== 'session') throw new Error(`BFF exchange failed: ${outcome.kind}`)
        return outcome.ms
      }
      const started = performance.now()
      const request = oauth2TokenRequest(
        {
          authUrl: rhombus.authWebUrl,
          clientId: benchSettings.clientId,
          clientSecret: benchSettings.clientSecret,
        },
        {
          code,
          codeVerifier: benchSettings.codeVerifier,
          redirectUri: benchSettings.redirectUri,
        },
        'client_secret_basic',
      )
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        redirect: 'manual',
      })
      const tokens = (await response.json()) as { access_token?: string }
      if (response.status !== 200 || tokens.access_token === undefined) {
        throw new Error(`Direct token request failed: ${response.status}`)
      }
      if (way === 'tokenAndProbe') {
        const probe = await fetch(`${rhombus.apiUrl}/api/user/getUsersInOrg`, {
          method: 'POST',
          headers: {
            accept: 'application/json',
            'content-type': 'application/json',
            'x-auth-scheme': 'api-oauth-token',
            'x-auth-access-token': tokens.access_token,
          },
          body: '{}',
          redirect: 'manual',
        })
        await probe.text()
        if (probe.status !== 200) throw new Error(`Direct probe failed: ${probe.status}`)
      }
      return performance.now() - started
    }

    for (let i = 0; i < warmUp + samples; i++) {
      // Rotate which way goes first, so none always follows another.
      const order = ways.map((_, k) => ways[(i + k) % ways.length] as Way)
      for (const way of order) {
        const ms = await once(way)
        if (i >= warmUp) times.get(way)?.push(ms)
      }
    }
    log(`  ${samples} timed exchanges per way after ${warmUp} warm-up ones.`)

    const stat = (way: Way, p: number) => percentile(times.get(way) ?? [], p)
    const added = stat('bff', 50) - stat('token', 50)
    const addedOverCalls = stat('bff', 50) - stat('tokenAndProbe', 50)
    const row = (name: string, way: Way, against?: Way) => [
      name,
      `${stat(way, 50).toFixed(2)} ms`,
      `${stat(way, 95).toFixed(2)} ms`,
      against === undefined ? '' : `${(stat(way, 50) - stat(against, 50)).toFixed(2)} ms`,
      against === undefined ? '' : `${(stat(way, 95) - stat(against, 95)).toFixed(2)} ms`,
    ]
    return {
      title: 'b. Sign-in exchange: through the BFF vs the token request straight to the sandbox',
      goal: 'under 2 ms added at the median',
      ratio: `+${addedOverCalls.toFixed(2)} ms at the median over the same upstream calls made directly; +${added.toFixed(2)} ms over the bare token request (${(stat('bff', 50) / stat('token', 50)).toFixed(2)} ×)`,
      // What the BFF adds is its own work: the upstream calls it must make (the token request
      // and, in this dialect, the partner probe) cost the same made directly.
      pass: addedOverCalls < 2,
      headers: ['way', 'p50', 'p95', 'added at p50', 'added at p95'],
      rows: [
        row('token request straight to the sandbox', 'token'),
        row('token request + partner probe, straight to the sandbox', 'tokenAndProbe', 'token'),
        row('through the BFF (exchange, probe, sealed session cookie)', 'bff', 'token'),
      ],
      notes: [
        `${samples} exchanges per way, one at a time, interleaved request by request after ${warmUp} warm-up each; wall time from sending to the whole answer read, in the driver process.`,
        'Each exchange redeems a fresh code minted beforehand at the sandbox console; the BFF and the sandbox each run in their own process.',
        'Interleaving leaves the BFF process idle between its own exchanges, as a BFF is between sign-ins; waking it costs on a busy 2-core machine (back-to-back BFF exchanges alone measured about 1 ms lower at the median in a trial).',
        'In the oauth2 dialect the BFF follows the token request with the partner probe (`POST /api/user/getUsersInOrg`, see probeRhombusPartner): a second upstream round trip that the bare token request does not make. The middle row makes the same two calls directly; the goal is judged against it (what the BFF itself adds), and the figure against the bare token request is shown as well.',
      ],
    }
  } finally {
    await Promise.all([bff.stop(), sandbox.stop()])
  }
}
