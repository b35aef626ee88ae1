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
