import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Sandbox } from '@doorway/sandbox'
import { preview } from 'vite'
import type { DemoBackend, DemoEnv } from '../../apps/demo/server/demoBackend.js'
import { doorwayDemo } from '../../apps/demo/server/doorwayDemo.js'

export const demoRoot = fileURLToPath(new URL('../../apps/demo', import.meta.url))

export interface RunningDemo {
  url: string
  sandbox: Sandbox
  backend: DemoBackend
  /** Token requests the sandbox received (both dialects). */
  tokenRequests(): number
  close(): Promise<void>
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

/**
 * Serves the built demo (see globalSetup) with `vite preview` and the demo's own server
 * plugin: BFF under /bff, the sandbox in place of Rhombus. Nothing real is contacted.
 */
export async function startDemo(env: DemoEnv = {}): Promise<RunningDemo> {
  const port = await freePort()
  let backend: DemoBackend | undefined
  const server = await preview({
    root: demoRoot,
    configFile: false,
    logLevel: 'silent',
    plugins: [doorwayDemo({ env: { ...env }, port, onReady: (b) => (backend = b) })],
    preview: { port, strictPort: true, host: 'localhost' },
  })
  if (!backend?.sandbox) throw new Error('demo backend did not start with the sandbox')
  const ready = backend
  const sandbox = backend.sandbox
  return {
    url: `http://localhost:${port}`,
    sandbox,
    backend: ready,
    tokenRequests: () =>
      sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/oauth/token').length,
    async close() {
      await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
      await ready.close()
    },
  }
}
