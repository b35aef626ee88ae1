import type { Session } from './Session.js'

/** What the browser learns about its session (`GET /session`); never a token. */
export interface SessionSummary {
  authenticated: boolean
  provider?: 'rhombus'
  user?: { id?: string; email?: string; name?: string } | null
  isPartner?: boolean
  /** Epoch milliseconds. */
  expiresAt?: number
}

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
