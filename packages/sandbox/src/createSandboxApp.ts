import { Hono } from 'hono'
import { createSandboxState, type SandboxOptions, type SandboxState } from './createSandboxState.js'
import type { EmulatedHost } from './emulatedHost.js'
import { envoyHosts } from './envoy/envoyHosts.js'
import { rhombusHosts } from './rhombus/rhombusHosts.js'
import { sandboxControlRoutes } from './sandboxControlRoutes.js'
import type { SandboxFetch } from './sandboxFetch.js'
import { versoriHosts } from './versori/versoriHosts.js'

/**
 * The sandbox as a Hono app, for `app.request(...)` in tests or mounting in another
 * server: the Rhombus hosts under `/rhombus/{console,auth-web,auth,api}`, the Envoy hosts
 * under `/envoy/{app,api}`, the Versori platform under `/versori/platform` and the
 * control routes under `/__sandbox`. Pass `state` to keep a handle on the log and the
 * clients ({@link startSandbox} does); otherwise one is made from `options`.
 */
export function createSandboxApp(
  options: SandboxOptions = {},
  state: SandboxState = createSandboxState(options),
): Hono {
  const app = new Hono()
  // Server-to-server calls between emulated providers go through this very app: logged,
  // checked and answered like any other request.
  const dispatch: SandboxFetch = async (request) => app.fetch(request)
  const hosts = [
    ...rhombusHosts(state.rhombus, dispatch),
    ...envoyHosts(state.envoy),
    ...versoriHosts(state.versori, dispatch),
  ]
  app.use('*', async (c, next) => {
    const url = new URL(c.req.url)
    const host = hosts.find(
      (h) => url.pathname === h.prefix || url.pathname.startsWith(`${h.prefix}/`),
    )
    if (host !== undefined) await record(state, host, c.req.raw, url)
    await next()
  })
  app.route('/__sandbox', sandboxControlRoutes(state))
  for (const host of hosts) app.route(host.prefix, host.app)
  return app
}

async function record(state: SandboxState, host: EmulatedHost, request: Request, url: URL) {
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams) query[name] ??= value
  state.log.record({
    at: state.now(),
    method: request.method,
    provider: host.provider,
    role: host.role,
    path: url.pathname.slice(host.prefix.length) || '/',
    query,
    headers: Object.fromEntries(request.headers),
    // A clone, so the handler still reads the body itself.
    body: request.body === null ? '' : await request.clone().text(),
  })
}
