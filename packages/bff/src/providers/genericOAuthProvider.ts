import type { GenericOAuthProviderConfig } from '../config/BffConfig.js'
import type { OAuthProvider } from '../oauth/OAuthProvider.js'

/**
 * The token endpoint of a configured generic provider as an {@link OAuthProvider}, named
 * by its id: what the BFF's exchange speaks to, and what `validateIssuer` checks an
 * authorization response's `iss` against.
 */
export function genericOAuthProvider(
  id: string,
  config: Pick<GenericOAuthProviderConfig, 'tokenEndpoint' | 'encoding' | 'clientAuth' | 'issuer'>,
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
