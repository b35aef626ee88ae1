import { fileURLToPath } from 'node:url'
import { type DoorwayDevBackend, doorway } from '@doorway/bff/vite'
import type { Sandbox } from '@doorway/sandbox'
import { preview } from 'vite'
import { demoSandboxOptions } from '../../apps/demo/server/demoSandboxOptions.js'
import { freePort } from '../../packages/bff/src/__tests__/freePort.js'

export const demoRoot = fileURLToPath(new URL('../../apps/demo', import.meta.url))

export { freePort }

export interface RunningDemo {
  url: string
  sandbox: Sandbox
  backend: DoorwayDevBackend
  /** Token requests the sandbox received (both dialects). */
  tokenRequests(): number
  close(): Promise<void>
}

/**
 * Serves the built demo (see globalSetup) with `vite preview` and the demo's own server
 * plugin: BFF under /bff, the sandbox in place of Rhombus. Nothing real is contacted.
 */
export async function startDemo(
  env: Record<string, string | undefined> = {},
): Promise<RunningDemo> {
  let port = 0
  let server: Awaited<ReturnType<typeof preview>> | undefined
  let ready: Promise<DoorwayDevBackend> | undefined
  // A free port can be taken between finding it and listening on it: try again then.
  for (let attempt = 1; !server; attempt++) {
    port = await freePort()
    let started: (backend: DoorwayDevBackend) => void = () => {}
    ready = new Promise((resolve) => {
      started = resolve
    })
    try {
      server = await preview({
        root: demoRoot,
        configFile: false,
        logLevel: 'silent',
        plugins: [
          doorway({ env: { ...env }, sandboxOptions: demoSandboxOptions(env), onReady: started }),
        ],
        preview: { port, strictPort: true, host: 'localhost' },
      })
    } catch (error) {
      if (attempt >= 5 || !/in use|EADDRINUSE/i.test(String(error))) throw error
    }
  }
  const backend = await ready
  if (!backend?.sandbox) throw new Error('demo backend did not start with the sandbox')
  const sandbox = backend.sandbox
  return {
    url: `http://localhost:${port}`,
    sandbox,
    backend,
    tokenRequests: () =>
      sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/oauth/token').length,
    async close() {
      const http = server.httpServer
      await new Promise<void>((resolve) => {
        http.close(() => resolve())
        // A browser's keep-alive connections would hold close() open until they time out.
        if ('closeAllConnections' in http) http.closeAllConnections()
      })
      await backend.close()
    },
  }
}
