/**
 * An Envoy app as registered in Envoy's Dev Dashboard ("Externally using OAuth2").
 * `redirectUris` are matched exactly (scheme, host, port and path). An entry that starts
 * with `/` stands for that path on the sandbox's own origin, whatever port it listens on:
 * the built-in Rhombus and Versori clients register their callback pages that way.
 */
export interface EnvoyClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /** Shown on the consent page; the client id when absent. */
  name?: string
}

/** The Envoy app every sandbox knows unless `envoyClients` is given. */
export const defaultEnvoyClient: Readonly<EnvoyClient> = {
  clientId: 'envoy-sandbox-client',
  clientSecret: 'envoy-sandbox-secret',
  redirectUris: ['http://localhost:5173/oauth/callback/envoy'],
  name: 'Doorway demo',
}

/**
 * True when `redirectUri` is registered for `client` exactly; `origin` is the sandbox's
 * own origin as the request reached it, for entries registered as a path.
 */
export function isRegisteredRedirectUri(
  client: EnvoyClient,
  redirectUri: string,
  origin: string,
): boolean {
  return client.redirectUris.some((registered) =>
    registered.startsWith('/') ? origin + registered === redirectUri : registered === redirectUri,
  )
}

/**
 * Checks an untrusted value (the body of `POST /__sandbox/envoy/clients`) and returns it
 * as an {@link EnvoyClient}, or a message saying what is wrong. Redirect URIs registered
 * this way must be absolute.
 */
export function parseEnvoyClient(value: unknown): EnvoyClient | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'the body must be a JSON object'
  }
  const { clientId, clientSecret, redirectUris, name } = value as Record<string, unknown>
  if (typeof clientId !== 'string' || clientId === '') return 'clientId must be a non-empty string'
  if (typeof clientSecret !== 'string' || clientSecret === '') {
    return 'clientSecret must be a non-empty string'
  }
  if (
    !Array.isArray(redirectUris) ||
    redirectUris.length === 0 ||
    !redirectUris.every((uri) => typeof uri === 'string' && URL.canParse(uri))
  ) {
    return 'redirectUris must be a non-empty array of absolute URLs'
  }
  if (name !== undefined && typeof name !== 'string') return 'name must be a string'
  return {
    clientId,
    clientSecret,
    redirectUris: [...redirectUris],
    ...(name === undefined ? {} : { name }),
  }
}
