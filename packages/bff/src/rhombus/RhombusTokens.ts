/** What a successful Rhombus code exchange yields, in either dialect. */
export interface RhombusTokens {
  accessToken: string
  refreshToken?: string
  /** Seconds until `accessToken` expires, when Rhombus says. */
  expiresIn?: number
}
