import {
  type CredentialStore,
  createDoorwayBff,
  createMemoryCredentialStore,
  type DoorwayBff,
  type GenericOAuthProviderConfig,
  type Logger,
} from '@doorway/bff'
import type { RunningOidcProvider } from './oidcProvider.js'

/** The BFF's `oauthProviders.oidc` entry for the test oidc-provider: form, Basic, PKCE, issuer. */
export function oidcProviderConfig(provider: RunningOidcProvider): GenericOAuthProviderConfig {
  return {
    clientId: provider.client.clientId,
    clientSecret: provider.client.clientSecret,
    authorizeUrl: provider.metadata.authorization_endpoint,
    tokenEndpoint: provider.metadata.token_endpoint,
    scope: 'openid',
    redirectUri: provider.client.redirectUri,
    issuer: provider.metadata.issuer,
    pkce: true,
    encoding: 'form',
    clientAuth: 'client_secret_basic',
  }
}

export interface OidcBff {
  bff: DoorwayBff
  store: CredentialStore
  /** Every log line the BFF wrote, as JSON. */
  logs: string[]
}

/**
 * A BFF serving the test oidc-provider as `oidc`, with a memory store and a log kept in
 * memory. Rhombus is configured in the legacy dialect so a test can sign in with a
 * pre-exchanged token (no Rhombus call is made) at `rhombusRedirectUri`.
 */
export function createOidcBff(options: {
  provider: RunningOidcProvider
  sessionSecret: string
  rhombusRedirectUri: string
}): OidcBff {
  const logs: string[] = []
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    logs.push(JSON.stringify({ level, message, fields }))
  }
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  }
  const store = createMemoryCredentialStore()
  const bff = createDoorwayBff({
    sessionSecret: options.sessionSecret,
    logger,
    store,
    upstreamTimeoutMs: 5_000,
    rhombus: {
      protocol: 'legacy',
      clientId: 'rhombus-client',
      clientSecret: 'rhombus-SECRET',
      consoleUrl: 'https://console.rhombus.invalid',
      authUrl: 'https://auth.rhombus.invalid',
      apiUrl: 'https://api.rhombus.invalid',
      redirectUri: options.rhombusRedirectUri,
    },
    oauthProviders: { oidc: oidcProviderConfig(options.provider) },
  })
  return { bff, store, logs }
}
