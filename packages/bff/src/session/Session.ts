/** What a sealed session cookie carries. Exists only on the server; never sent as JSON. */
export interface Session {
  /** Random id; sign-out revokes it. */
  sid: string
  /**
   * The Doorway user id: stable across sign-ins when taken from the access token
   * (`userIdFrom: 'token'`), else random per session. Stored credentials are keyed by it.
   */
  userId: string
  /** Where `userId` came from: a claim of the provider's access token, or chance. */
  userIdFrom: 'token' | 'random'
  provider: 'rhombus'
  accessToken: string
  refreshToken?: string
  isPartner: boolean
  /** Epoch milliseconds; the access token's expiry. */
  expiresAt: number
}
