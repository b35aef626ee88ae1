/**
 * An OAuth client registered with the Rhombus sandbox. `redirectUris` are matched exactly
 * (scheme, host, port and path), as Rhombus does.
 */
export interface RhombusClient {
  clientId: string
  clientSecret: string
  redirectUris: string[]
  /**
   * How the client authenticates at the `oauth2` token endpoint (RFC 7591 §2). Unset
   * accepts either method, one at a time; set, the other method is `invalid_client`.
   * The legacy dialect always takes the secret in its JSON body.
   */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post'
  /** Shown on the consent page; the client id when absent. */
  name?: string
}

/** The client every sandbox knows unless `clients` is given. */
export const defaultRhombusClient: Readonly<RhombusClient> = {
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  redirectUris: ['http://localhost:5173/oauth/callback/rhombus'],
  name: 'Doorway demo',
}

const authMethods = new Set(['client_secret_basic', 'client_secret_post'])

/**
 * Checks an untrusted value (the body of `POST /__sandbox/clients`) and returns it as a
 * {@link RhombusClient}, or a message saying what is wrong.
 */
export function parseRhombusClient(value: unknown): RhombusClient | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'the body must be a JSON object'
  }
  const { clientId, clientSecret, redirectUris, tokenEndpointAuthMethod, name } = value as Record<
    string,
    unknown
  >
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
  if (
    tokenEndpointAuthMethod !== undefined &&
    !(typeof tokenEndpointAuthMethod === 'string' && authMethods.has(tokenEndpointAuthMethod))
  ) {
    return 'tokenEndpointAuthMethod must be client_secret_basic or client_secret_post'
  }
  if (name !== undefined && typeof name !== 'string') return 'name must be a string'
  return {
    clientId,
    clientSecret,
    redirectUris: [...redirectUris],
    ...(tokenEndpointAuthMethod === undefined
      ? {}
      : {
          tokenEndpointAuthMethod:
            tokenEndpointAuthMethod as RhombusClient['tokenEndpointAuthMethod'],
        }),
    ...(name === undefined ? {} : { name }),
  }
}
