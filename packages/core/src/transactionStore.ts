import { DoorwayError } from './errors.js'

/** An authorization (a sign-in, a connect) started in this tab that waits for its callback. */
export interface Transaction {
  /**
   * The id of the flow that started it, and that finishes its callback (the callback comes
   * back on `/oauth/callback/<flow>`): `rhombus` for the sign-in, `envoy`, `envoy-rhombus`,
   * or an OAuth provider's id.
   */
  flow: string
  state: string
  returnTo: string
  /** The redirect URI sent to authorize, when there was one. */
  redirectUri?: string
  /** With PKCE. */
  codeVerifier?: string
  /** The issuer the authorization response must come from (RFC 9207), when known. */
  issuer?: string
  /** Anything else the flow needs to finish, e.g. a warning to show once back. */
  data?: Record<string, string>
  /** Epoch milliseconds. */
  expiresAt: number
}

/** Pending transactions by state: saved once, taken once. */
export interface TransactionStore {
  /** Stores a transaction for 10 minutes and drops expired ones. */
  save(tx: Omit<Transaction, 'expiresAt'>): Transaction
  /**
   * Removes and returns the transaction of `state`, or null when there is none.
   * @throws {DoorwayError} `transaction_expired` when it outlived its TTL.
   */
  take(state: string): Transaction | null
}

/** How long a started sign-in may take: 10 minutes. */
export const transactionTtlMs = 600_000

const prefix = 'doorway:tx:'

/**
 * Keeps pending transactions in `sessionStorage` (per tab, gone with it; never
 * `localStorage`) under `doorway:tx:<state>`, single use, with a 10-minute TTL
 * ([RFC 9700 §4.7.1](https://www.rfc-editor.org/rfc/rfc9700#section-4.7.1)).
 */
export function createTransactionStore(storage: Storage, now: () => number): TransactionStore {
  const read = (key: string): Transaction | null => {
    try {
      return JSON.parse(storage.getItem(key)!)
    } catch {
      return null
    }
  }
  return {
    save(tx) {
      const t = now()
      // Backwards, so that a removal does not shift the keys still to be read.
      for (let i = storage.length; i--; ) {
        const key = storage.key(i)!
        if (key.startsWith(prefix) && !((read(key)?.expiresAt as number) > t))
          storage.removeItem(key)
      }
      const full = { ...tx, expiresAt: t + transactionTtlMs }
      storage.setItem(prefix + tx.state, JSON.stringify(full))
      return full
    },
    take(state) {
      const key = prefix + state
      const tx = read(key)
      storage.removeItem(key)
      if (tx && !(tx.expiresAt > now())) throw new DoorwayError('transaction_expired')
      return tx
    },
  }
}
