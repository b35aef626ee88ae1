/**
 * An OAuth client registered with the Rhombus sandbox. `redirectUris` are matched exactly
 * (scheme, host, port and path), as Rhombus does.
 *
 * A confidential client has a `clientSecret`. A public client (RFC 7591 §2
 * `token_endpoint_auth_method: "none"`, as the newest Rhombus CLI registers itself) has
 * none: its token requests carry `client_id` in the form and no secret and no HTTP Basic.
 */
export interface RhombusClient {
  clientId: string
  /** Absent for a public client (`tokenEndpointAuthMethod: 'none'`). */
  clientSecret?: string
  redirectUris: string[]
  /**
   * How the client authenticates at the `oauth2` token endpoint (RFC 7591 §2). For a
   * confidential client unset accepts either secret method, one at a time; set, the other
   * method is `invalid_client`. `none` (a public client) goes with no `clientSecret`, and
   * no `clientSecret` means `none`. The legacy dialect always takes the secret in its JSON
   * body, so a public client cannot use it.
   */
  tokenEndpointAuthMethod?: RhombusTokenEndpointAuthMethod
  /** Shown on the consent page; the client id when absent. */
  name?: string
}

/** The RFC 7591 §2 client authentication methods the sandbox's token endpoint knows. */
export type RhombusTokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

/** The client every sandbox knows unless `clients` is given. */
export const defaultRhombusClient: Readonly<RhombusClient> = {
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  redirectUris: ['http://localhost:5173/oauth/callback/rhombus'],
  name: 'Doorway demo',
}

const authMethods = new Set(['client_secret_basic', 'client_secret_post', 'none'])

/** Whether a client is public: no secret, `token_endpoint_auth_method: "none"`. */
export function isPublicRhombusClient(client: RhombusClient): boolean {
  return client.clientSecret === undefined
}

/**
 * What is inconsistent about a client's secret and method, or `undefined`: a public
 * client (`none`) has no secret, a confidential one a non-empty secret.
 */
export function rhombusClientProblem(client: RhombusClient): string | undefined {
  const method = client.tokenEndpointAuthMethod
  if (client.clientSecret === undefined) {
    return method === undefined || method === 'none'
      ? undefined
      : `a ${method} client needs a clientSecret`
  }
  if (method === 'none') return 'a public client (tokenEndpointAuthMethod none) has no clientSecret'
  return client.clientSecret === '' ? 'clientSecret must be a non-empty string' : undefined
}

/**
 * Checks an untrusted value (the body of `POST /__sandbox/clients`) and returns it as a
 * {@link RhombusClient}, or a message saying what is wrong. A public client must say so
 * with `tokenEndpointAuthMethod: "none"`; a missing secret alone is refused.
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
  if (
    tokenEndpointAuthMethod !== undefined &&
    !(typeof tokenEndpointAuthMethod === 'string' && authMethods.has(tokenEndpointAuthMethod))
  ) {
    return 'tokenEndpointAuthMethod must be client_secret_basic, client_secret_post or none'
  }
  const isPublic = tokenEndpointAuthMethod === 'none'
  if (isPublic && clientSecret !== undefined) {
    return 'a public client (tokenEndpointAuthMethod none) has no clientSecret'
  }
  if (!isPublic && (typeof clientSecret !== 'string' || clientSecret === '')) {
    return 'clientSecret must be a non-empty string (or tokenEndpointAuthMethod none, for a public client)'
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
    ...(isPublic ? {} : { clientSecret: clientSecret as string }),
    redirectUris: [...redirectUris],
    ...(tokenEndpointAuthMethod === undefined
      ? {}
      : {
          tokenEndpointAuthMethod: tokenEndpointAuthMethod as RhombusTokenEndpointAuthMethod,
        }),
    ...(name === undefined ? {} : { name }),
  }
}
