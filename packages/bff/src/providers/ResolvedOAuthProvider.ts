import type { Context } from 'hono'
import type { ProviderConfig } from '../config/BffConfig.js'
import type { ResolvedBffConfig } from '../config/resolveBffConfig.js'
import { requireEnvoy } from '../envoy/envoyOAuthProvider.js'
import { BffError } from '../http/BffError.js'
import type { OAuthClient, OAuthProvider } from '../oauth/OAuthProvider.js'

/**
 * A provider users connect to with the authorization code grant, its settings checked: the
 * token endpoint described as data (an {@link OAuthProvider}), the BFF's client there
 * (never leaves the BFF), and what the browser needs to send users to it. Every entry of
 * `BffConfig.oauthProviders` becomes one, and so does the `envoy` setting (a preset:
 * {@link envoyOAuthPreset}); one exchange route serves them all.
 */
export interface ResolvedOAuthProvider extends OAuthProvider, OAuthClient {
  /** `[a-z][a-z0-9-]*`: the `:provider` of the routes, and the provider of stored connections. */
  id: string
  /** Names the provider in messages: `Envoy`, else the id. */
  name: string
  /** The authorization endpoint, as configured. */
  authorizeUrl: string
  /** Scopes asked for; empty when none are configured (the provider's default). */
  scopes: readonly string[]
  /** Exact; the exchange must present it verbatim. */
  redirectUri: string
  /** The exchange requires a `codeVerifier` (RFC 7636), and refuses one otherwise. */
  pkce: boolean
  /**
   * The token request carries `redirect_uri` (RFC 6749 §4.1.3 requires it whenever the
   * authorization request had one). Only Envoy's preset leaves it out: its documented body
   * has none.
   */
  sendRedirectUri: boolean
  /**
   * The token response member that names the provider's account, stored as `companyId`
   * (Envoy: `company_id`). None for OAuth providers.
   */
  accountParameter?: string
}

/**
 * The token endpoint of a configured OAuth provider as an {@link OAuthProvider}, named
 * by its id: what the BFF's exchange speaks to, and what `validateIssuer` checks an
 * authorization response's `iss` against.
 */
export function genericOAuthProvider(
  id: string,
  config: Pick<ProviderConfig, 'tokenEndpoint' | 'encoding' | 'clientAuth' | 'issuer'>,
): OAuthProvider {
  const provider: OAuthProvider = {
    tokenEndpoint: config.tokenEndpoint,
    encoding: config.encoding,
    clientAuth: config.clientAuth,
    name: id,
  }
  if (config.issuer !== undefined) provider.issuer = config.issuer
  return provider
}

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
