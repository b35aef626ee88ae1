import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { createSandboxApp } from './createSandboxApp.js'
import { createSandboxState, type SandboxOptions } from './createSandboxState.js'
import type { RequestRecord } from './requestLog.js'
import type { RhombusClient } from './rhombus/rhombusClient.js'
import { rhombusPrefixes } from './rhombus/rhombusHosts.js'

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions extends SandboxOptions {
  /** Default 0: a free port, read it back from `url`. */
  port?: number
  /** Default `127.0.0.1`. */
  hostname?: string
  /** Alias of `hostname`, the name the first contract draft used. */
  host?: string
}

/** The base URL of each Rhombus host, to configure a client (or the BFF) with. */
export interface SandboxRhombusUrls {
  /** Authorize pages (`/oauth/authorize`, `/login`): `https://console.rhombussystems.com`. */
  consoleUrl: string
  /** oauth2 token endpoint host: `https://auth-web.rhombussystems.com`. */
  authWebUrl: string
  /** Legacy token endpoint host: `https://auth.rhombussystems.com`. */
  authUrl: string
  /** API host: `https://api2.rhombussystems.com`. */
  apiUrl: string
}

/** A running sandbox server. */
export interface Sandbox {
  /** The server's origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  rhombus: SandboxRhombusUrls
  /** Every emulated request so far, oldest first; live (the same array, updated in place). */
  readonly requests: RequestRecord[]
  /** Empties {@link Sandbox.requests} in place. */
  clearRequests(): void
  /** Adds a Rhombus client, or replaces the one with the same `clientId`. */
  registerClient(client: RhombusClient): void
  /** Stops listening and drops open connections. */
  close(): Promise<void>
}

/**
 * Starts the sandbox on a real HTTP port: strict emulations of the Rhombus console,
 * token (both dialects) and API hosts under path prefixes, plus `/__sandbox` control
 * routes. See docs/architecture.md, "The Rhombus sandbox".
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const hostname = options.hostname ?? options.host ?? '127.0.0.1'
  const state = createSandboxState(options)
  const app = createSandboxApp(options, state)
  const server = createAdaptorServer({ fetch: app.fetch, hostname, overrideGlobalObjects: false })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, hostname, () => {
      server.off('error', reject)
      resolve()
    })
  })

  const { port } = server.address() as AddressInfo
  const url = `http://${urlHost(hostname)}:${port}`
  return {
    url,
    rhombus: {
      consoleUrl: url + rhombusPrefixes.console,
      authWebUrl: url + rhombusPrefixes.authWeb,
      authUrl: url + rhombusPrefixes.auth,
      apiUrl: url + rhombusPrefixes.api,
    },
    requests: state.log.records,
    clearRequests: () => state.log.clear(),
    registerClient: (client) => state.rhombus.registerClient(client),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        // Keep-alive connections (fetch keeps them) would hold close() open otherwise.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

/** A host for URLs: wildcard addresses are reached through loopback, IPv6 is bracketed. */
function urlHost(hostname: string): string {
  if (hostname === '0.0.0.0') return '127.0.0.1'
  if (hostname === '::') return '[::1]'
  return hostname.includes(':') ? `[${hostname}]` : hostname
}
