import type { SessionSummary } from '@doorway/core'
import type { Session } from './Session.js'

/** What the browser learns about its session (`GET /session`); never a token. */
export type { SessionSummary }

/** The browser's view of `session`: its provider, partner flag and expiry, and nothing secret. */
export function summarizeSession(session: Session | null): SessionSummary {
  if (session === null) return { authenticated: false }
  return {
    authenticated: true,
    provider: session.provider,
    user: null,
    isPartner: session.isPartner,
    expiresAt: session.expiresAt,
  }
}
