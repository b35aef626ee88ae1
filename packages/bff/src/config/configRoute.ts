import type { PublicConfig } from '@doorway/core'
import type { ProviderPublicConfig, RhombusPublicConfig } from '@doorway/core/wire'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import type { ResolvedOAuthProvider } from '../providers/ResolvedOAuthProvider.js'
import type { ResolvedRhombusConfig } from './resolveBffConfig.js'

/** The public part of the Rhombus settings; built field by field so a secret cannot slip in. */
export function rhombusPublicConfig(rhombus: ResolvedRhombusConfig): RhombusPublicConfig {
  return {
    clientId: rhombus.clientId,
    protocol: rhombus.protocol,
    consoleUrl: rhombus.consoleUrl,
    redirectUri: rhombus.redirectUri,
    supportsPartners: rhombus.supportsPartners,
  }
}

/**
 * The public part of a provider's settings (Envoy's included: its preset sends no PKCE and
 * no issuer); built field by field so a secret cannot slip in. No token endpoint.
 */
export function oauthProviderPublicConfig(provider: ResolvedOAuthProvider): ProviderPublicConfig {
  const config: ProviderPublicConfig = {
    clientId: provider.clientId,
    authorizeUrl: provider.authorizeUrl,
    redirectUri: provider.redirectUri,
    pkce: provider.pkce,
  }
  if (provider.scopes.length > 0) config.scope = provider.scopes.join(' ')
  if (provider.issuer !== undefined) config.issuer = provider.issuer
  return config
}

/**
 * `GET /config` → {@link PublicConfig}: public data for each configured provider, and which
 * ways to connect Envoy this BFF serves (each also needs a Rhombus sign-in).
 */
export function configRoute({ config }: BffServices): Handler<BffEnv> {
  const signIn = config.rhombus !== undefined
  const body: PublicConfig = {
    providers: {},
    connect: {
      direct: signIn && config.envoy !== undefined,
      rhombus: signIn && config.rhombus?.apiKey !== undefined,
      versori: signIn && config.versori !== undefined,
    },
  }
  if (config.rhombus) body.providers.rhombus = rhombusPublicConfig(config.rhombus)
  for (const provider of config.oauthProviders.values()) {
    body.providers[provider.id] = oauthProviderPublicConfig(provider)
  }
  if (config.versori) body.versori = { callbackOrigin: config.versori.callbackOrigin }
  return (c) => c.json(body)
}
