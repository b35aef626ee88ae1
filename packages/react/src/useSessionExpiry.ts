import { useEffect, useState } from 'react'
import { useRhombusLogin } from './useRhombusLogin.js'

/** The session's remaining lifetime, as {@link useSessionExpiry} tells it. */
export interface SessionExpiry {
  /** When the session ends, in epoch milliseconds; undefined when not signed in. */
  expiresAt: number | undefined
  /** Milliseconds left (0 once past), updated every `intervalMs`; undefined when not signed in. */
  remainingMs: number | undefined
  /** The session has expired: prompt to sign in again. */
  isExpired: boolean
}

/**
 * The signed-in session's remaining lifetime, re-rendering every `intervalMs` (default one
 * second) while signed in, for a countdown or a "your session ends soon" warning. The
 * session ends by itself at `expiresAt`, in every tab: `useRhombusLogin` then reports
 * `status: 'expired'`.
 *
 * @example
 * const { remainingMs } = useSessionExpiry()
 * {remainingMs !== undefined && remainingMs < 60_000 && <p>Your session ends in a minute.</p>}
 */
export function useSessionExpiry(intervalMs = 1000): SessionExpiry {
  const { isAuthenticated, expiresAt, isExpired } = useRhombusLogin()
  const [now, setNow] = useState(Date.now)
  const ticking = isAuthenticated && expiresAt !== undefined
  useEffect(() => {
    if (!ticking) return
    setNow(Date.now())
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [ticking, intervalMs])
  return {
    expiresAt: ticking ? expiresAt : undefined,
    remainingMs: ticking ? Math.max(0, expiresAt - now) : undefined,
    isExpired,
  }
}
