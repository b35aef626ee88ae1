import type { SessionRevocations } from './SessionRevocations.js'

/** {@link SessionRevocations} in one process's memory; entries are dropped after they expire. */
export class InMemorySessionRevocations implements SessionRevocations {
  readonly #expiries = new Map<string, number>()
  readonly #now: () => number

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  revoke(sid: string, expiresAt: number): void {
    this.#dropExpired()
    this.#expiries.set(sid, expiresAt)
  }

  isRevoked(sid: string): boolean {
    const expiresAt = this.#expiries.get(sid)
    if (expiresAt === undefined) return false
    if (expiresAt > this.#now()) return true
    this.#expiries.delete(sid)
    return false
  }

  /** How many revocations are remembered (for tests and metrics). */
  get size(): number {
    this.#dropExpired()
    return this.#expiries.size
  }

  #dropExpired(): void {
    const now = this.#now()
    for (const [sid, expiresAt] of this.#expiries) {
      if (expiresAt <= now) this.#expiries.delete(sid)
    }
  }
}
