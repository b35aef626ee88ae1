import { createEnvoyState, type EnvoyState } from './envoy/createEnvoyState.js'
import type { EnvoyClient } from './envoy/envoyClient.js'
import { createRequestLog, type RequestLog } from './requestLog.js'
import { createRhombusState, type RhombusState } from './rhombus/createRhombusState.js'
import type { RhombusClient } from './rhombus/rhombusClient.js'
import { createVersoriState, type VersoriState } from './versori/createVersoriState.js'
import type { VersoriData } from './versori/versoriData.js'
import { versoriPaths, versoriPrefixes } from './versori/versoriPrefixes.js'

/** What the emulators are configured with; every field has a default. */
export interface SandboxOptions {
  /**
   * Rhombus OAuth clients. Default: `sandbox-client` / `sandbox-secret`
   * ({@link defaultRhombusClient}). One without `clientSecret` is a public client.
   */
  clients?: RhombusClient[]
  /** Lifetime of authorization codes (Rhombus and Envoy). Default 30 seconds. */
  codeTtlSeconds?: number
  /** Lifetime of Rhombus access tokens. Default 3600 seconds. */
  tokenTtlSeconds?: number
  /** Rhombus API keys (`x-auth-apikey`), of the standard account's org. Default `['sandbox-api-key']`. */
  rhombusApiKeys?: string[]
  /**
   * Envoy apps. Default: `envoy-sandbox-client` / `envoy-sandbox-secret`
   * ({@link defaultEnvoyClient}). Rhombus's and Versori's own Envoy clients are always added.
   */
  envoyClients?: EnvoyClient[]
  /** Lifetime of Envoy access tokens (`expires_in`). Default 86400 seconds. */
  envoyAccessTokenTtlSeconds?: number
  /** Lifetime of Envoy refresh tokens (`refresh_token_expires_in`). Default 2592000 seconds. */
  envoyRefreshTokenTtlSeconds?: number
  /** Bearer tokens of the Versori APIs. Default `['sandbox-versori-token']`. */
  versoriTokens?: string[]
  /** Versori hubs, connectors and credentials. Default {@link defaultVersoriData}. */
  versoriData?: VersoriData
  /** The clock, epoch milliseconds. Default `Date.now`; tests inject one to expire codes. */
  now?: () => number
  /**
   * Host names the control routes (`/__sandbox/...`) accept in `Host` and `Origin` besides
   * loopback ones (`localhost`, `127.0.0.0/8`, `[::1]`), e.g. the name of the sandbox's
   * container. {@link startSandbox} adds the host it listens on. Default none.
   */
  allowedHosts?: string[]
}

/** Everything one sandbox remembers: the request log and each provider's state. */
export interface SandboxState {
  readonly now: () => number
  readonly log: RequestLog
  readonly rhombus: RhombusState
  readonly envoy: EnvoyState
  readonly versori: VersoriState
}

/**
 * Creates a fresh {@link SandboxState} from {@link SandboxOptions}. Rhombus's Envoy
 * integration and every Versori credential are registered as apps at the sandbox's
 * Envoy, their callback pages as redirect URIs on the sandbox's own origin.
 */
export function createSandboxState(options: SandboxOptions = {}): SandboxState {
  const now = options.now ?? Date.now
  const rhombus = createRhombusState({ ...options, apiKeys: options.rhombusApiKeys, now })
  const envoy = createEnvoyState({
    clients: options.envoyClients,
    codeTtlSeconds: options.codeTtlSeconds,
    accessTokenTtlSeconds: options.envoyAccessTokenTtlSeconds,
    refreshTokenTtlSeconds: options.envoyRefreshTokenTtlSeconds,
    now,
  })
  const versori = createVersoriState({
    tokens: options.versoriTokens,
    data: options.versoriData,
    now,
  })

  envoy.registerClient(rhombus.envoyIntegration.envoyClient)
  const versoriCallback = versoriPrefixes.platform + versoriPaths.callback
  for (const credential of versori.data.credentials) {
    const existing = envoy.findClient(credential.clientId)
    envoy.registerClient(
      existing === undefined
        ? {
            clientId: credential.clientId,
            clientSecret: credential.clientSecret,
            redirectUris: [versoriCallback],
            name: 'Versori',
          }
        : { ...existing, redirectUris: [...existing.redirectUris, versoriCallback] },
    )
  }
  return { now, log: createRequestLog(), rhombus, envoy, versori }
}
