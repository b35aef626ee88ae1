// The sandbox (started by startChild), in its own process so that the load it serves is
// not measured as the BFF's or the driver's: oauth2 and legacy Rhombus hosts, its control
// routes (/__sandbox/faults among them), one client for the bench (benchSettings) and codes
// that live an hour, so that all of a run's codes can be minted before it starts. Access
// tokens live `BENCH_TOKEN_TTL_SECONDS` (default the sandbox's hour; the refresh comparison
// makes them short). Over IPC it answers `rhombus` with the base URL of each Rhombus host
// and `tokenStats` with the token endpoints' counters (code exchanges, refreshes, …).
import { startSandbox } from '@doorway/sandbox'
import { answerIpc } from './answerIpc.js'
import { benchSettings } from './benchSettings.js'

const tokenTtl = process.env.BENCH_TOKEN_TTL_SECONDS
const sandbox = await startSandbox({
  clients: [
    {
      clientId: benchSettings.clientId,
      clientSecret: benchSettings.clientSecret,
      redirectUris: [benchSettings.redirectUri],
      name: 'Doorway bench',
    },
  ],
  codeTtlSeconds: benchSettings.codeTtlSeconds,
  ...(tokenTtl ? { tokenTtlSeconds: Number(tokenTtl) } : {}),
})

answerIpc(sandbox.url, {
  rhombus: () => sandbox.rhombus,
  tokenStats: () => sandbox.rhombusTokenStats(),
})
