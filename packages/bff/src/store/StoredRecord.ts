/**
 * A generic stored item for what is not a connection: minted API keys, pending
 * authorization states and the like. `data` is stored in clear, `secrets` encrypted.
 */
export interface StoredRecord {
  /** What it is, e.g. `rhombus-api-key` or `versori-state`. Kinds starting with `connection:` are reserved. */
  kind: string
  /** Unique within `kind`. */
  id: string
  /** The user it belongs to, when it belongs to one. */
  ownerId?: string
  /** Anything JSON, in clear: ids, names, timestamps. Never put a secret here. */
  data: Record<string, unknown>
  /** Secret strings (keys, tokens), encrypted at rest. */
  secrets: Record<string, string>
  /** Epoch milliseconds after which the record is gone (reads no longer see it). */
  expiresAt?: number
}
