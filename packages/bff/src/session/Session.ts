/** What a sealed session cookie carries. Exists only on the server; never sent as JSON. */
export interface Session {
  /** Random id; sign-out revokes it. */
  sid: string
  provider: 'rhombus'
  accessToken: string
  refreshToken?: string
  isPartner: boolean
  /** Epoch milliseconds; the access token's expiry. */
  expiresAt: number
}
