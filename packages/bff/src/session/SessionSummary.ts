import type { SessionSummary } from '@doorway/core'
import type { Session } from './Session.js'

/**
 * The browser's view of `session`: its provider, the user's organisation and partner flag
 * as Rhombus reported them, and when it ends (`expiresAt`: the access token's expiry when it
 * cannot be refreshed, else the session's maximum age), and nothing secret. `user.id` is the
 * Doorway user id when it came from the access token (stable across sign-ins: the `ownerId`
 * of the user's stored credentials, e.g. for `rhombusApiKeys`); `user` is `null` when the id
 * is random per session.
 */
export function summarizeSession(session: Session | null): SessionSummary {
  if (session === null) return { authenticated: false }
  return {
    authenticated: true,
    provider: session.provider,
    user: session.userIdFrom === 'token' ? { id: session.userId } : null,
    org: session.org,
    isPartner: session.isPartner,
    expiresAt: session.expiresAt,
  }
}
