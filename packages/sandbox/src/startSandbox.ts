import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { createSandboxApp } from './createSandboxApp.js'
import { createSandboxState, type SandboxOptions } from './createSandboxState.js'
import type { EnvoyClient } from './envoy/envoyClient.js'
import { envoyPrefixes } from './envoy/envoyPrefixes.js'
import { createSandboxFaults, type SandboxFaults } from './faults/createSandboxFaults.js'
import type { RequestRecord } from './requestLog.js'
import type { RhombusTokenStats } from './rhombus/createRhombusState.js'
import type { RhombusClient } from './rhombus/rhombusClient.js'
import { rhombusPrefixes } from './rhombus/rhombusPrefixes.js'
import type { VersoriViolation } from './versori/createVersoriState.js'
import { versoriPrefixes } from './versori/versoriPrefixes.js'

/** Options of {@link startSandbox}. */
export interface StartSandboxOptions extends SandboxOptions {
  /** Default 0: a free port, read it back from `url`. */
  port?: number
  /**
   * Default `127.0.0.1`. Unless a wildcard (`0.0.0.0`, `::`), the control routes accept it
   * in `Host` and `Origin` as well as loopback names (see `allowedHosts`).
   */
  hostname?: string
  /** Alias of `hostname`, the name the first contract draft used. */
  host?: string
  /**
   * The fault rules to serve with, e.g. `createSandboxFaults({random})` to pin the
   * probability rolls. Default: a fresh table without rules (see {@link Sandbox.faults}).
   */
  faults?: SandboxFaults
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

/** The base URL of each Envoy host. */
export interface SandboxEnvoyUrls {
  /** Authorize page and token endpoint (`/a/auth/v0/…`): `https://app.envoy.com`. */
  authUrl: string
  /** Public API (`/v1/locations`): `https://api.envoy.com`. */
  apiUrl: string
}

/** The Versori platform's base URL and the origin of its OAuth 2.0 callback page. */
export interface SandboxVersoriUrls {
  /** `https://platform.versori.com`: APIs under `/api/embedded/v1` and `/api/connect/v1`. */
  platformUrl: string
  /**
   * The origin of the callback page (`/oauth/callback` below `platformUrl`): the only
   * origin whose `message` events the app may accept, and the target of its `hello`s.
   */
  callbackOrigin: string
}

/** A running sandbox server. */
export interface Sandbox {
  /** The server's origin, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  rhombus: SandboxRhombusUrls
  envoy: SandboxEnvoyUrls
  versori: SandboxVersoriUrls
  /** Every emulated request so far, oldest first; live (the same array, updated in place). */
  readonly requests: RequestRecord[]
  /** Empties {@link Sandbox.requests} in place. */
  clearRequests(): void
  /** Adds a Rhombus client, or replaces the one with the same `clientId`. */
  registerClient(client: RhombusClient): void
  /** Adds an Envoy app, or replaces the one with the same `clientId`. */
  registerEnvoyClient(client: EnvoyClient): void
  /**
   * Revokes one live Envoy refresh token, or all of them when none is given (as
   * `POST /__sandbox/envoy/revoke`). Returns how many were revoked.
   */
  revokeEnvoyRefreshTokens(refreshToken?: string): number
  /** Makes every live Envoy access token expire now (as `POST /__sandbox/envoy/expire-access-tokens`). */
  expireEnvoyAccessTokens(): number
  /**
   * Makes every live Rhombus access token invalid (as
   * `POST /__sandbox/rhombus/revoke-access-tokens`). Returns how many.
   */
  revokeRhombusAccessTokens(): number
  /**
   * Makes every live Rhombus refresh token invalid, so the next refresh is `invalid_grant`
   * (as `POST /__sandbox/rhombus/revoke-refresh-tokens`). Returns how many.
   */
  revokeRhombusRefreshTokens(): number
  /** The Rhombus token endpoints' counters (as `GET /__sandbox/rhombus/token-stats`). */
  rhombusTokenStats(): RhombusTokenStats
  /** Sets the counters to 0 (as `DELETE /__sandbox/rhombus/token-stats`). */
  resetRhombusTokenStats(): void
  /**
   * The minted API keys `revokeApiToken` revoked: how many, and their `tokenUuid`s (as
   * `GET /__sandbox/rhombus/revocations`).
   */
  rhombusRevocations(): { count: number; tokenUuids: string[] }
  /**
   * Requests to routes Versori does not document, which the sandbox answered 404 (as
   * `GET /__sandbox/versori/violations`): a test fails on any.
   */
  versoriViolations(): { count: number; violations: VersoriViolation[] }
  /**
   * Fault injection, switchable at run time as through `/__sandbox/faults`:
   * `sandbox.faults.add({method: 'POST', path: '/oauth/token', fault: {kind: 'hang'}})`.
   * See the README, "Fault modes".
   */
  readonly faults: SandboxFaults
  /** Stops listening and drops open connections, fault answers in flight included. */
  close(): Promise<void>
}

/**
 * Starts the sandbox on a real HTTP port: strict emulations of the Rhombus console,
 * token (both dialects) and API hosts, Envoy's app and API hosts and the Versori platform
 * under path prefixes, plus `/__sandbox` control routes. See docs/architecture.md, "The
 * sandbox".
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<Sandbox> {
  const hostname = options.hostname ?? options.host ?? '127.0.0.1'
  const state = createSandboxState(options)
  const faults = options.faults ?? createSandboxFaults()
  // The listening host is the sandbox's own: its control routes accept it in Host/Origin.
  const ownHosts = hostname === '0.0.0.0' || hostname === '::' ? [] : [hostname]
  const app = createSandboxApp(
    { ...options, allowedHosts: [...(options.allowedHosts ?? []), ...ownHosts] },
    state,
    faults,
  )
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
    envoy: { authUrl: url + envoyPrefixes.app, apiUrl: url + envoyPrefixes.api },
    versori: { platformUrl: url + versoriPrefixes.platform, callbackOrigin: url },
    requests: state.log.records,
    clearRequests: () => state.log.clear(),
    registerClient: (client) => state.rhombus.registerClient(client),
    registerEnvoyClient: (client) => state.envoy.registerClient(client),
    revokeEnvoyRefreshTokens: (refreshToken) => state.envoy.revokeRefreshTokens(refreshToken),
    expireEnvoyAccessTokens: () => state.envoy.expireAccessTokens(),
    revokeRhombusAccessTokens: () => state.rhombus.revokeAccessTokens(),
    revokeRhombusRefreshTokens: () => state.rhombus.revokeRefreshTokens(),
    rhombusTokenStats: () => state.rhombus.tokenStats(),
    resetRhombusTokenStats: () => state.rhombus.resetTokenStats(),
    rhombusRevocations: () => state.rhombus.revocations(),
    versoriViolations: () => state.versori.violations(),
    faults,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hangs would hold their connections (and close()) open; trickles would go on.
        faults.close()
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
