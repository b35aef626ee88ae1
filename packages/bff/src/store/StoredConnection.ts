/** Identifies one stored connection: whose it is, and to which provider. */
export interface ConnectionKey {
  /** The Doorway user id (see `Session.userId`). */
  userId: string
  /** The provider connected, e.g. `envoy`. */
  provider: string
}

/** What every stored connection records, connected or not; none of it is secret. */
interface ConnectionMetadata extends ConnectionKey {
  /** How it was made; only connections whose tokens the BFF holds are stored. */
  via: 'direct'
  /** The provider's account the connection reaches (Envoy's `company_id`). */
  companyId?: string
  /** Scopes granted. */
  scopes: string[]
  /** Epoch milliseconds of the last change. */
  updatedAt: number
}

/** A live connection: the BFF holds its tokens (encrypted at rest). */
export interface ConnectedConnection extends ConnectionMetadata {
  status: 'connected'
  /** Secret. */
  accessToken: string
  /** Secret. */
  refreshToken?: string
  /** Epoch milliseconds when `accessToken` expires, when the provider said. */
  expiresAt?: number
  /** Epoch milliseconds when `refreshToken` expires, when the provider said. */
  refreshExpiresAt?: number
}

/** A connection that is gone: its tokens are deleted, the reason is kept for the user. */
export interface DisconnectedConnection extends ConnectionMetadata {
  status: 'disconnected'
  /**
   * `revoked`: the provider refused the refresh token (`invalid_grant`); `expired`: the
   * access token expired and there is no refresh token to renew it.
   */
  reason: 'revoked' | 'expired'
}

/**
 * One user's connection to one provider, as a {@link CredentialStore} keeps it. Token fields
 * are encrypted at rest; everything else is stored in clear so it can be read and indexed.
 */
export type StoredConnection = ConnectedConnection | DisconnectedConnection

/** The fields of a {@link StoredConnection} that are secret, and so encrypted at rest. */
export const connectionSecretFields = ['accessToken', 'refreshToken'] as const
