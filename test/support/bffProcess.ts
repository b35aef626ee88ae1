import { withCommandLineStore } from '../../packages/bff/src/cli/runCli.js'
import { loadBffConfig } from '../../packages/bff/src/config/loadBffConfig.js'
import { serveDoorwayBff } from '../../packages/bff/src/node.js'

/**
 * One BFF as its own Node process (run with `node --import tsx`, see startBffProcess.ts):
 * configured from its environment exactly as `doorway-bff` is (PostgreSQL when `DOORWAY_DB`
 * says so, node-postgres loaded as the command loads it), listening on 127.0.0.1 on a free
 * port, which it announces on stdout as `listening <url>`.
 */
const config = await withCommandLineStore(loadBffConfig(process.env))
const server = await serveDoorwayBff(config, { port: 0, hostname: '127.0.0.1' })
process.stdout.write(`listening ${server.url}\n`)
