/** How a token request's parameters are written: `application/x-www-form-urlencoded` (RFC 6749 §4.1.3) or a JSON object. */
export type TokenRequestEncoding = 'form' | 'json'

/**
 * How the client authenticates at the token endpoint:
 * - `client_secret_basic`: HTTP Basic, id and secret form-encoded first (RFC 6749 §2.3.1);
 * - `client_secret_post`: `client_id` and `client_secret` as form parameters (RFC 6749 §2.3.1);
 * - `body`: `client_id` and `client_secret` as members of the body in its encoding, e.g.
 *   Envoy's JSON body (not a standard method, but the same idea);
 * - `none`: a public client (RFC 7591 `token_endpoint_auth_method: none`): `client_id`
 *   alone in the body, no secret, no Basic header.
 */
export type ClientAuthentication = 'client_secret_basic' | 'client_secret_post' | 'body' | 'none'

/**
 * A provider's token endpoint, described as data. The hand-written request/process pairs
 * (`tokenRequests.ts`) speak to any server described this way, standard or not; the
 * standard grants (`standardGrants.ts`) to those with a form body.
 */
export interface OAuthProvider {
  /** Absolute URL of the token endpoint. */
  tokenEndpoint: string
  encoding: TokenRequestEncoding
  clientAuth: ClientAuthentication
  /** The issuer identifier, when the provider has one (RFC 8414 §2, RFC 9207). */
  issuer?: string
  /** Names the provider in error details, e.g. `Envoy`. */
  name?: string
}

/** The client's credentials at an {@link OAuthProvider}; they never leave the BFF. */
export interface OAuthClient {
  clientId: string
  /** Absent for a public client (`clientAuth: 'none'`). */
  clientSecret?: string | undefined
}

/** A successful token response (RFC 6749 §5.1), checked and in camelCase. */
export interface TokenEndpointResponse {
  accessToken: string
  /** As sent; when present it is `Bearer` in some case. */
  tokenType?: string
  /** Seconds until `accessToken` expires. */
  expiresIn?: number
  refreshToken?: string
  /** Seconds until `refreshToken` expires (an extension some providers send, e.g. Envoy). */
  refreshTokenExpiresIn?: number
  /** Space-separated scopes granted, when the server says. */
  scope?: string
  /**
   * Every member of the response as sent, for provider extensions such as Envoy's
   * `company_id`. Holds the tokens too: never log it.
   */
  parameters: Readonly<Record<string, unknown>>
}
