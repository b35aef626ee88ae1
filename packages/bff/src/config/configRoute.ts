import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import type { EnvoyPublicConfig } from '../envoy/EnvoyPublicConfig.js'
import {
  type OAuthProviderPublicConfig,
  oauthProviderPublicConfig,
} from '../providers/OAuthProviderPublicConfig.js'
import { type RhombusPublicConfig, rhombusPublicConfig } from '../rhombus/RhombusPublicConfig.js'

/** The body of `GET /config`: public data for each configured provider. */
export interface PublicConfig {
  /**
   * `rhombus` (sign-in), then every provider connected by `POST /auth/<id>/exchange`, by
   * id: `envoy` when Envoy is configured, and each of `oauthProviders`.
   */
  providers: {
    rhombus?: RhombusPublicConfig
    envoy?: EnvoyPublicConfig
    [id: string]: RhombusPublicConfig | OAuthProviderPublicConfig | undefined
  }
  /**
   * Which ways to connect Envoy this BFF serves (each also needs a Rhombus sign-in):
   * `direct` (`/auth/envoy/exchange`), `rhombus` (`/envoy/rhombus/initiate`, needs
   * `RHOMBUS_API_KEY`), `versori` (`/envoy/versori/*`).
   */
  connect: { direct: boolean; rhombus: boolean; versori: boolean }
  /** Present when Versori is configured: the origin its OAuth callback page posts from. */
  versori?: { callbackOrigin: string }
}

/** `GET /config`. */
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
