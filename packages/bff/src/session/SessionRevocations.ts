/**
 * Remembers signed-out session ids until their cookies would have expired anyway, so a
 * replayed old cookie is anonymous. Sessions are stateless sealed cookies; this list is the
 * only server-side session state. Running more than one BFF instance needs a shared
 * implementation (a table or a key-value store with TTL).
 */
export interface SessionRevocations {
  /** Forget `sid` for good; it may be dropped once `expiresAt` (epoch ms) has passed. */
  revoke(sid: string, expiresAt: number): void | Promise<void>
  isRevoked(sid: string): boolean | Promise<boolean>
}
