import type { Context } from 'hono'
import type { ResolvedBffConfig } from '../config/resolveBffConfig.js'
import { requireEnvoy } from '../envoy/requireEnvoy.js'
import { BffError } from '../http/BffError.js'
import type { ResolvedOAuthProvider } from './ResolvedOAuthProvider.js'

/** A provider route's `:provider`, looked up; see {@link findOAuthProvider}. */
export interface OAuthProviderLookup {
  /** The provider's name for messages, e.g. `connecting Envoy`. */
  name: string
  /** The configured provider, or 501 `not_configured` (only `envoy` can be known but unconfigured). */
  require(): ResolvedOAuthProvider
}

/**
 * The provider a route's `:provider` names. An id that names no provider is 404
 * `not_found`, like any unknown route, before anything else. `envoy` is a route that always
 * exists: unconfigured, {@link OAuthProviderLookup.require} answers 501 `not_configured`,
 * so callers check the session first, as the Envoy routes always did.
 */
export function findOAuthProvider(config: ResolvedBffConfig, c: Context): OAuthProviderLookup {
  const id = c.req.param('provider') ?? ''
  const provider = config.oauthProviders.get(id)
  if (provider === undefined && id !== 'envoy') {
    throw new BffError('not_found', `No route for ${c.req.method} ${c.req.path}.`)
  }
  return {
    name: provider?.name ?? 'Envoy',
    require: () => requireEnvoy(provider),
  }
}
