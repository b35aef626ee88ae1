import { Hono } from 'hono'
import { createSandboxState, type SandboxOptions, type SandboxState } from './createSandboxState.js'
import type { EmulatedHost } from './emulatedHost.js'
import { envoyHosts } from './envoy/envoyHosts.js'
import { createSandboxFaults, type SandboxFaults } from './faults/createSandboxFaults.js'
import { sandboxFaultHeader } from './faults/faultResponse.js'
import type { SandboxFaultKind } from './faults/SandboxFault.js'
import { type RequestRecord, tokenGrantOf } from './requestLog.js'
import { rhombusHosts } from './rhombus/rhombusHosts.js'
import { sandboxControlGuard } from './sandboxControlGuard.js'
import { sandboxControlRoutes } from './sandboxControlRoutes.js'
import type { SandboxFetch } from './sandboxFetch.js'
import { versoriHosts } from './versori/versoriHosts.js'

/**
 * The sandbox as a Hono app, for `app.request(...)` in tests or mounting in another
 * server: the Rhombus hosts under `/rhombus/{console,auth-web,auth,api}`, the Envoy hosts
 * under `/envoy/{app,api}`, the Versori platform under `/versori/platform` and the
 * control routes under `/__sandbox` (which refuse cross-site requests and foreign `Host`
 * headers, see {@link sandboxControlGuard}; `options.allowedHosts` adds names). Pass `state` to keep a handle on the log and the
 * clients ({@link startSandbox} does); otherwise one is made from `options`. Pass `faults`
 * to switch fault rules from code; requests to the emulated hosts that a rule catches are
 * logged (marked `fault`) and answered by the fault, never by the emulator.
 */
export function createSandboxApp(
  options: SandboxOptions = {},
  state: SandboxState = createSandboxState(options),
  faults: SandboxFaults = createSandboxFaults(),
): Hono {
  const app = new Hono()
  // Server-to-server calls between emulated providers go through this very app: logged,
  // checked, faulted and answered like any other request. A fault that drops the
  // connection (reset, or a hang ended by close) reaches the caller as a network error.
  const dispatch: SandboxFetch = async (request) => {
    const response = await app.fetch(request)
    const fault = response.headers.get(sandboxFaultHeader)
    if (response.status === 502 && (fault === 'reset' || fault === 'hang')) {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('The sandbox dropped the connection (a fault rule).'), {
          code: 'ECONNRESET',
        }),
      })
    }
    return response
  }
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
    if (host === undefined) return next()
    const path = url.pathname.slice(host.prefix.length) || '/'
    const matched = faults.match({
      method: c.req.method,
      provider: host.provider,
      role: host.role,
      path,
    })
    await record(state, host, c.req.raw, url, path, matched?.fault.kind)
    if (matched !== undefined) return faults.respond(matched.fault, c.req.raw, c.env)
    await next()
  })
  app.use('/__sandbox/*', sandboxControlGuard({ allowedHosts: options.allowedHosts }))
  app.route('/__sandbox', sandboxControlRoutes(state, faults))
  for (const host of hosts) app.route(host.prefix, host.app)
  return app
}

async function record(
  state: SandboxState,
  host: EmulatedHost,
  request: Request,
  url: URL,
  path: string,
  fault: SandboxFaultKind | undefined,
) {
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams) query[name] ??= value
  // A clone, so the handler still reads the body itself.
  const body = request.body === null ? '' : await request.clone().text()
  const entry: RequestRecord = {
    at: state.now(),
    method: request.method,
    provider: host.provider,
    role: host.role,
    path,
    query,
    headers: Object.fromEntries(request.headers),
    body,
  }
  const grant = path.endsWith('/token') ? tokenGrantOf(request.headers, body) : undefined
  if (grant !== undefined) entry.grant = grant
  if (fault !== undefined) entry.fault = fault
  state.log.record(entry)
}
