/** Where the Versori platform host (`https://platform.versori.com`) is served on the sandbox server. */
export const versoriPrefixes = {
  platform: '/versori/platform',
} as const

/** The Versori paths below {@link versoriPrefixes}. */
export const versoriPaths = {
  /** Embedded API v1 base. */
  embedded: '/api/embedded/v1',
  /** Connect API v1 base. */
  connect: '/api/connect/v1',
  /**
   * The OAuth 2.0 callback page every Versori authorize URL redirects to. The path is the
   * sandbox's choice; what matters is its origin, Versori's, never the app's.
   */
  callback: '/oauth/callback',
} as const
