import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { build, type Plugin, preview } from 'vite'

const source = (pkg: 'core' | 'react') =>
  fileURLToPath(new URL(`../../packages/${pkg}/src/index.ts`, import.meta.url))

/** What {@link serveFixtureApp} serves. */
export interface FixtureAppOptions {
  /** The fixture's directory (its index.html). */
  root: string
  /** Where the build goes (the caller creates and deletes it). */
  outDir: string
  port: number
  /** The Doorway packages the fixture imports, taken from their sources. */
  packages: readonly ('core' | 'react')[]
  /** Answers `/bff` and everything under it. */
  bff: (req: IncomingMessage, res: ServerResponse) => void
}

/**
 * Builds a test fixture app with Vite and serves it with `vite preview` on
 * `localhost:<port>`, `/bff` handed to `options.bff`. Resolves to a function that stops it.
 */
export async function serveFixtureApp(options: FixtureAppOptions): Promise<() => Promise<void>> {
  const { root, outDir, port } = options
  const mountBff: Plugin = {
    name: 'doorway-test-bff',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url ?? '/'
        if (path === '/bff' || path.startsWith('/bff/') || path.startsWith('/bff?')) {
          options.bff(req, res)
        } else next()
      })
    },
  }
  const resolve = {
    alias: options.packages.map((pkg) => ({
      find: new RegExp(`^@doorway/${pkg}$`),
      replacement: source(pkg),
    })),
  }
  await build({
    root,
    configFile: false,
    logLevel: 'error',
    mode: 'production',
    resolve,
    build: { outDir, emptyOutDir: true, minify: false },
  })
  const server = await preview({
    root,
    configFile: false,
    logLevel: 'silent',
    build: { outDir },
    plugins: [mountBff],
    preview: { port, strictPort: true, host: 'localhost' },
  })
  return () =>
    new Promise<void>((done) => {
      const { httpServer } = server
      if ('closeAllConnections' in httpServer) httpServer.closeAllConnections()
      httpServer.close(() => done())
    })
}
