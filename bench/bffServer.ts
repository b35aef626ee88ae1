// The BFF under test, alone in its process (started by startChild): createDoorwayBff from
// its environment (as `doorway-bff` reads it) behind node:http with toNodeHandler, the
// default credential store (SQLite in the file `DOORWAY_DB` names, encrypted under the
// session secret: what a deployment gets without a store of its own) and a counting
// logger. Over IPC it answers `stats`: its memory after forced GCs, the unhandled
// rejections and uncaught exceptions it saw (its own process listeners), and its log
// counts. Only this bench script has the hook; the BFF itself has no such route.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDoorwayBff, loadBffConfig } from '@doorway/bff'
import { toNodeHandler } from '@doorway/bff/node'
import { answerIpc } from './answerIpc.js'
import { countingLogger } from './countingLogger.js'
import { memoryAfterGc } from './memoryAfterGc.js'

const faults = { unhandledRejections: 0, uncaughtExceptions: 0, last: [] as string[] }
const note = (kind: string, error: unknown) => {
  // The error's name and message only: never a stack or a value that could hold a token.
  const text = error instanceof Error ? `${error.name}: ${error.message}` : typeof error
  if (faults.last.length < 5) faults.last.push(`${kind}: ${text.slice(0, 200)}`)
}
process.on('unhandledRejection', (reason) => {
  faults.unhandledRejections++
  note('unhandledRejection', reason)
})
process.on('uncaughtException', (error) => {
  faults.uncaughtExceptions++
  note('uncaughtException', error)
})

const cpuMicros = () => {
  const { user, system } = process.cpuUsage()
  return user + system
}

const logger = countingLogger()
if (!process.env.DOORWAY_DB) throw new Error('bffServer.ts needs DOORWAY_DB (see benchBffEnv).')
const bff = createDoorwayBff({ ...loadBffConfig(process.env), logger })
const server = createServer(toNodeHandler(bff))
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
const { port } = server.address() as AddressInfo

answerIpc(`http://127.0.0.1:${port}`, {
  cpu: () => ({ cpuMicros: cpuMicros() }),
  stats: async () => ({
    memory: await memoryAfterGc(),
    cpuMicros: cpuMicros(),
    unhandledRejections: faults.unhandledRejections,
    uncaughtExceptions: faults.uncaughtExceptions,
    errors: faults.last,
    logs: logger.counts(),
  }),
})
