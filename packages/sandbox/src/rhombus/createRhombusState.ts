import { randomId } from '../randomId.js'
import {
  createRhombusEnvoyIntegration,
  type RhombusEnvoyIntegration,
} from './createRhombusEnvoyIntegration.js'
import { type RhombusAccount, type RhombusAccountId, rhombusAccounts } from './rhombusAccounts.js'
import { defaultRhombusClient, type RhombusClient, rhombusClientProblem } from './rhombusClient.js'

/** `oauth2`: standard OAuth 2.0 (the current Rhombus CLI). `legacy`: the published guide. */
export type RhombusDialect = 'oauth2' | 'legacy'

/** A validated authorize request waiting for the user's decision on the console page. */
export interface PendingAuthorization {
  /** Opaque and single-use: the console form posts it back. */
  id: string
  dialect: RhombusDialect
  client: RhombusClient
  redirectUri: string
  state: string
  codeChallenge: string
}

/** An issued authorization code, bound to everything the token request must repeat. */
export interface AuthorizationCode {
  dialect: RhombusDialect
  clientId: string
  redirectUri: string
  codeChallenge: string
  account: RhombusAccount
  /** Epoch milliseconds. */
  expiresAt: number
}

/** Tokens issued to one account for one client. */
export interface TokenGrant {
  accessToken: string
  refreshToken: string
  clientId: string
  account: RhombusAccount
  /** The dialect whose token endpoint (or legacy callback) issued it. */
  dialect: RhombusDialect
  /** Epoch milliseconds. */
  expiresAt: number
}

/**
 * A refresh token the sandbox issued, and what became of it: `live` until presented for a
 * refresh (then `used`: single use) or revoked with {@link RhombusState.revokeRefreshTokens}.
 */
export interface RhombusRefreshToken {
  clientId: string
  account: RhombusAccount
  dialect: RhombusDialect
  status: 'live' | 'used' | 'revoked'
}

/**
 * Counters of the token endpoints, for tests (`GET /__sandbox/rhombus/token-stats`); they
 * never hold a token. Only requests the emulator answered count (a faulted one does not).
 */
export interface RhombusTokenStats {
  /**
   * Token requests naming the authorization-code grant (`grant_type=authorization_code`;
   * legacy `grantType: "AUTHORIZATION_CODE"`), whatever the outcome.
   */
  codeExchanges: number
  /** `oauth2` token requests with `grant_type=refresh_token`, whatever the outcome. */
  refreshes: number
  /** Of {@link refreshes}, those refused (any error). */
  refusedRefreshes: number
  /** Presentations of a refresh token already used for a refresh (each is refused). */
  reusedRefreshTokens: number
}

/** What a token endpoint learns when it presents a code; see {@link RhombusState.takeCode}. */
export type CodeLookup =
  | { found: true; code: AuthorizationCode }
  | { found: false; issuedBy?: RhombusDialect }

/** An API key minted with `submitApiTokenApplication` (never the configured `apiKeys`). */
export interface RhombusMintedApiKey {
  apiKey: string
  /** The key's id at Rhombus (`getApiTokens`, `revokeApiToken`); the mint answer lacks it. */
  tokenUuid: string
  displayName: string
  authType: 'API_TOKEN' | 'CERT'
  /** The account whose access token minted it; the key acts as that account. */
  account: RhombusAccount
  /** Epoch milliseconds. */
  createdAt: number
}

/**
 * An OAuth application registered with `submitApplication`: a {@link RhombusClient} of
 * both dialects with exactly one redirect URI, owned by the API key's organisation.
 */
export interface RhombusApplication {
  clientId: string
  name: string
  description: string
  contactEmail: string
  redirectUri: string
  /** The organisation of the API key that registered it. */
  orgUuid: string
  /** Epoch milliseconds. */
  createdAt: number
}

/** The API keys every sandbox accepts unless `apiKeys` is given. */
export const defaultRhombusApiKeys: readonly string[] = ['sandbox-api-key']

/** Options of {@link createRhombusState}. */
export interface RhombusStateOptions {
  clients?: RhombusClient[]
  /** API keys (`x-auth-apikey`), all of the standard account's org. */
  apiKeys?: string[]
  codeTtlSeconds?: number
  tokenTtlSeconds?: number
  now?: () => number
}

/**
 * Everything the Rhombus emulator remembers: registered clients, authorize requests
 * awaiting a decision, codes and tokens. Protocol checks live in the route modules; this
 * only stores, issues and consumes.
 */
export interface RhombusState {
  readonly now: () => number
  readonly codeTtlSeconds: number
  readonly tokenTtlSeconds: number
  /**
   * Adds a client, or replaces the one with the same `clientId`. A client without a secret
   * is public (`tokenEndpointAuthMethod: 'none'`). Throws a `TypeError` for a client whose
   * secret and method disagree (`none` with a secret, a secret method without one).
   */
  registerClient(client: RhombusClient): void
  findClient(clientId: string): RhombusClient | undefined
  openAuthorization(request: Omit<PendingAuthorization, 'id'>): PendingAuthorization
  /** Returns and forgets a pending authorization: a decision is taken once. */
  takeAuthorization(id: string): PendingAuthorization | undefined
  issueCode(authorization: PendingAuthorization, account: RhombusAccountId): string
  /**
   * Consumes a code issued by `dialect`'s authorize page: whatever the outcome of the
   * exchange, it cannot be presented again. A code of the other dialect is reported (so
   * the error can name the dialect) but left alone.
   */
  takeCode(dialect: RhombusDialect, code: string): CodeLookup
  issueTokens(clientId: string, account: RhombusAccountId, dialect: RhombusDialect): TokenGrant
  findAccessToken(accessToken: string): TokenGrant | undefined
  /** A refresh token as issued, whatever its status; `undefined` when never issued. */
  findRefreshToken(refreshToken: string): RhombusRefreshToken | undefined
  /**
   * Rotates a `live` refresh token: it becomes `used` at once and a new grant (new access
   * and refresh tokens, same client, account and dialect) is issued. `undefined` when the
   * token is not live.
   */
  rotateRefreshToken(refreshToken: string): TokenGrant | undefined
  /** Makes every live refresh token `revoked`; how many. */
  revokeRefreshTokens(): number
  /** Counts one token-endpoint event; see {@link RhombusTokenStats}. */
  countTokenRequest(event: keyof RhombusTokenStats): void
  /** A copy of the counters. */
  tokenStats(): RhombusTokenStats
  /** Sets every counter to 0. */
  resetTokenStats(): void
  /**
   * The account an API key acts as, if the key is known: the standard one for the
   * configured `apiKeys`, the minting account for a minted key.
   */
  findApiKey(apiKey: string): RhombusAccount | undefined
  /** Forgets a client (a deleted application): its authorize and token requests then fail. */
  removeClient(clientId: string): void
  /** Mints a new API key acting as `account`. */
  mintApiKey(
    account: RhombusAccount,
    request: { displayName: string; authType: RhombusMintedApiKey['authType'] },
  ): RhombusMintedApiKey
  /** Minted keys, oldest first (the configured `apiKeys` are not listed). */
  mintedApiKeys(): RhombusMintedApiKey[]
  /** Revokes every live access token (as Rhombus would on a password change); how many. */
  revokeAccessTokens(): number
  /** Forgets a minted key; false when it is not one. */
  deleteMintedApiKey(apiKey: string): boolean
  /**
   * Revokes the minted key `tokenUuid` of organisation `orgUuid` (`revokeApiToken`): it no
   * longer authenticates, and is counted. False when the org has no such key.
   */
  revokeApiToken(orgUuid: string, tokenUuid: string): boolean
  /** The keys revoked with {@link revokeApiToken}: how many, and their `tokenUuid`s in order. */
  revocations(): { count: number; tokenUuids: string[] }
  /** Sets the revocation counter to 0. */
  resetRevocations(): void
  /** Applications registered with `submitApplication`, oldest first. */
  readonly applications: Map<string, RhombusApplication>
  /** Rhombus's own Envoy integration: initiations in flight and the orgs' Envoy connections. */
  readonly envoyIntegration: RhombusEnvoyIntegration
}

/** Creates the Rhombus emulator's state; see {@link RhombusState}. */
export function createRhombusState(options: RhombusStateOptions = {}): RhombusState {
  const now = options.now ?? Date.now
  const codeTtlSeconds = options.codeTtlSeconds ?? 30
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600
  const clients = new Map<string, RhombusClient>()
  const pending = new Map<string, PendingAuthorization>()
  const codes = new Map<string, AuthorizationCode>()
  const accessTokens = new Map<string, TokenGrant>()
  const refreshTokens = new Map<string, RhombusRefreshToken>()
  const zeroStats = (): RhombusTokenStats => ({
    codeExchanges: 0,
    refreshes: 0,
    refusedRefreshes: 0,
    reusedRefreshTokens: 0,
  })
  let stats = zeroStats()
  const apiKeys = new Set(options.apiKeys ?? defaultRhombusApiKeys)
  const minted = new Map<string, RhombusMintedApiKey>()
  let revoked: string[] = []
  const applications = new Map<string, RhombusApplication>()

  const registerClient = (client: RhombusClient) => {
    const problem = rhombusClientProblem(client)
    if (problem !== undefined) throw new TypeError(`Rhombus client ${client.clientId}: ${problem}`)
    clients.set(client.clientId, {
      ...client,
      redirectUris: [...client.redirectUris],
      ...(client.clientSecret === undefined ? { tokenEndpointAuthMethod: 'none' } : {}),
    })
  }
  const issueTokens = (
    clientId: string,
    account: RhombusAccountId,
    dialect: RhombusDialect,
  ): TokenGrant => {
    const grant: TokenGrant = {
      accessToken: sandboxAccessToken(rhombusAccounts[account].user.uuid, now()),
      refreshToken: randomId('rt'),
      clientId,
      account: rhombusAccounts[account],
      dialect,
      expiresAt: now() + tokenTtlSeconds * 1000,
    }
    accessTokens.set(grant.accessToken, grant)
    refreshTokens.set(grant.refreshToken, {
      clientId,
      account: grant.account,
      dialect,
      status: 'live',
    })
    return grant
  }
  for (const client of options.clients ?? [defaultRhombusClient]) registerClient(client)

  return {
    now,
    codeTtlSeconds,
    tokenTtlSeconds,
    registerClient,
    findClient: (clientId) => clients.get(clientId),
    openAuthorization(request) {
      const authorization = { ...request, id: randomId('req') }
      pending.set(authorization.id, authorization)
      return authorization
    },
    takeAuthorization(id) {
      const authorization = pending.get(id)
      pending.delete(id)
      return authorization
    },
    issueCode(authorization, account) {
      const code = randomId('code')
      codes.set(code, {
        dialect: authorization.dialect,
        clientId: authorization.client.clientId,
        redirectUri: authorization.redirectUri,
        codeChallenge: authorization.codeChallenge,
        account: rhombusAccounts[account],
        expiresAt: now() + codeTtlSeconds * 1000,
      })
      return code
    },
    takeCode(dialect, value) {
      const code = codes.get(value)
      if (code === undefined) return { found: false }
      if (code.dialect !== dialect) return { found: false, issuedBy: code.dialect }
      codes.delete(value)
      return { found: true, code }
    },
    issueTokens,
    findAccessToken: (accessToken) => accessTokens.get(accessToken),
    findRefreshToken: (refreshToken) => refreshTokens.get(refreshToken),
    rotateRefreshToken(refreshToken) {
      const record = refreshTokens.get(refreshToken)
      if (record?.status !== 'live') return undefined
      record.status = 'used'
      return issueTokens(record.clientId, record.account.id, record.dialect)
    },
    revokeRefreshTokens() {
      let count = 0
      for (const record of refreshTokens.values()) {
        if (record.status !== 'live') continue
        record.status = 'revoked'
        count += 1
      }
      return count
    },
    countTokenRequest(event) {
      stats[event] += 1
    },
    tokenStats: () => ({ ...stats }),
    resetTokenStats() {
      stats = zeroStats()
    },
    findApiKey: (apiKey) =>
      apiKeys.has(apiKey) ? rhombusAccounts.standard : minted.get(apiKey)?.account,
    removeClient: (clientId) => {
      clients.delete(clientId)
    },
    mintApiKey(account, request) {
      const key: RhombusMintedApiKey = {
        apiKey: randomId('rak'),
        tokenUuid: randomId('tok'),
        displayName: request.displayName,
        authType: request.authType,
        account,
        createdAt: now(),
      }
      minted.set(key.apiKey, key)
      return key
    },
    mintedApiKeys: () => [...minted.values()],
    revokeAccessTokens() {
      const count = accessTokens.size
      accessTokens.clear()
      return count
    },
    deleteMintedApiKey: (apiKey) => minted.delete(apiKey),
    revokeApiToken(orgUuid, tokenUuid) {
      for (const key of minted.values()) {
        if (key.tokenUuid !== tokenUuid || key.account.org.uuid !== orgUuid) continue
        minted.delete(key.apiKey)
        revoked.push(tokenUuid)
        return true
      }
      return false
    },
    revocations: () => ({ count: revoked.length, tokenUuids: [...revoked] }),
    resetRevocations() {
      revoked = []
    },
    applications,
    envoyIntegration: createRhombusEnvoyIntegration({ now }),
  }
}

/**
 * A sandbox access token: an unsigned JWT whose `sub` is the Rhombus user's uuid (plus a
 * random `jti`), so that a BFF can key what it stores for the user across sign-ins. Rhombus
 * does not document its token format; a BFF must cope with opaque tokens too (Doorway's
 * does: it then keys stored credentials per session).
 */
function sandboxAccessToken(userUuid: string, issuedAt: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({
    sub: userUuid,
    iat: Math.floor(issuedAt / 1000),
    jti: randomId('at'),
  })}.`
}
