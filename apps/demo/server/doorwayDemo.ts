import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import { type DemoBackend, type DemoEnv, startDemoBackend } from './demoBackend.js'

export interface DoorwayDemoOptions {
  env: DemoEnv
  port: number
  /** Called once the BFF (and the sandbox, if used) is listening. */
  onReady?: (backend: DemoBackend) => void
}

/** Serves the BFF under `/bff` on the same origin as the page, in `vite` and `vite preview`. */
export function doorwayDemo(options: DoorwayDemoOptions): Plugin {
  const mount = async (server: ViteDevServer | PreviewServer) => {
    const backend = await startDemoBackend({
      env: options.env,
      port: options.port,
      log: (message) => server.config.logger.info(message),
    })
    server.middlewares.use(backend.middleware)
    server.httpServer?.once('close', () => void backend.close())
    options.onReady?.(backend)
  }
  return {
    name: 'doorway-demo',
    configureServer: mount,
    configurePreviewServer: mount,
  }
}
