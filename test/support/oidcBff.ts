import {
  type CredentialStore,
  createDoorwayBff,
  createMemoryCredentialStore,
  type DoorwayBff,
  type Logger,
  type ProviderConfig,
} from '@doorway/bff'
import type { RunningOidcProvider } from './oidcProvider.js'

/** The BFF's `oauthProviders.oidc` entry for the test oidc-provider: form, Basic, PKCE, issuer. */
export function oidcProviderConfig(provider: RunningOidcProvider): ProviderConfig {
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

/** A PKCE verifier the fake Rhombus token endpoint of {@link createOidcBff} accepts. */
const rhombusVerifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'

/**
 * The body of `POST /bff/auth/rhombus/exchange` that signs `userId` in at a BFF made by
 * {@link createOidcBff}: its fake Rhombus token endpoint answers the code `userId` with an
 * access token (an unsigned JWT) whose `sub` is `userId`.
 */
export function rhombusSignInBody(userId: string, redirectUri: string) {
  return { code: userId, codeVerifier: rhombusVerifier, redirectUri }
}

/**
 * A BFF serving the test oidc-provider as `oidc`, with a memory store and a log kept in
 * memory. Rhombus (legacy dialect) is a fake token endpoint and getOrgV2 in the BFF's fetch, so a test
 * signs in as any user with {@link rhombusSignInBody}, and nothing else leaves loopback.
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
  const rhombusToken = 'https://auth.rhombus.invalid/oauth/token'
  const bff = createDoorwayBff({
    sessionSecret: options.sessionSecret,
    logger,
    store,
    fetch: async (url, init) => {
      // Rhombus confirms the token and names the user's org (getOrgV2) before a session exists.
      if (url === 'https://api.rhombus.invalid/api/org/getOrgV2') {
        return Response.json({ org: { uuid: 'org-oidc-test', name: 'OIDC Test Org' } })
      }
      if (url !== rhombusToken) return globalThis.fetch(url, init)
      const { authorizationCode } = JSON.parse(String(init.body)) as { authorizationCode: string }
      const claims = Buffer.from(JSON.stringify({ sub: authorizationCode })).toString('base64url')
      return Response.json({
        accessToken: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${claims}.`,
        accessTokenExpirationSec: 3600,
      })
    },
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
