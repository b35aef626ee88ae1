import { randomId } from '../randomId.js'
import { defaultEnvoyClient, type EnvoyClient } from './envoyClient.js'
import { type EnvoyCompany, envoySandboxCompany } from './envoyCompany.js'

/** A validated authorize request waiting for the user's decision on the consent page. */
export interface EnvoyPendingAuthorization {
  /** Opaque and single-use: the consent form posts it back. */
  id: string
  client: EnvoyClient
  redirectUri: string
  scopes: string[]
  /** Echoed on the redirect when the app sent one; Envoy does not require it. */
  state: string | undefined
}

/** An issued authorization code. */
export interface EnvoyAuthorizationCode {
  clientId: string
  scopes: string[]
  /** Epoch milliseconds. */
  expiresAt: number
}

/**
 * One approved installation of an app in the company: what every access and refresh
 * token issued along its chain of refreshes grants.
 */
export interface EnvoyConnection {
  id: string
  clientId: string
  companyId: string
  scopes: string[]
}

/** A live access or refresh token. */
export interface EnvoyToken {
  token: string
  connection: EnvoyConnection
  /** Epoch milliseconds. */
  expiresAt: number
}

/** A token response's worth of tokens. */
export interface EnvoyTokenPair {
  accessToken: EnvoyToken
  refreshToken: EnvoyToken
}

/**
 * What the token endpoint learns from a refresh token: a live one, or why it is not
 * (`rotated`: already exchanged once; `revoked`: by a control route).
 */
export type EnvoyRefreshLookup =
  | { found: true; refreshToken: EnvoyToken }
  | { found: false; reason: 'unknown' | 'rotated' | 'revoked' }

/** Options of {@link createEnvoyState}. */
export interface EnvoyStateOptions {
  clients?: EnvoyClient[]
  codeTtlSeconds?: number
  accessTokenTtlSeconds?: number
  refreshTokenTtlSeconds?: number
  now?: () => number
}

/**
 * Everything the Envoy emulator remembers: registered apps, consent pages awaiting a
 * decision, codes, connections and their tokens. Protocol checks live in the route
 * modules; this only stores, issues, rotates and consumes.
 */
export interface EnvoyState {
  readonly now: () => number
  readonly codeTtlSeconds: number
  readonly accessTokenTtlSeconds: number
  readonly refreshTokenTtlSeconds: number
  readonly company: Readonly<EnvoyCompany>
  /** Adds an app, or replaces the one with the same `clientId`. */
  registerClient(client: EnvoyClient): void
  findClient(clientId: string): EnvoyClient | undefined
  openAuthorization(request: Omit<EnvoyPendingAuthorization, 'id'>): EnvoyPendingAuthorization
  /** Returns and forgets a pending authorization: a decision is taken once. */
  takeAuthorization(id: string): EnvoyPendingAuthorization | undefined
  issueCode(authorization: EnvoyPendingAuthorization): string
  /** Returns and forgets a code: whatever the outcome of the exchange, it is spent. */
  takeCode(code: string): EnvoyAuthorizationCode | undefined
  /** Opens a connection for a exchanged code and issues its first tokens. */
  connect(code: EnvoyAuthorizationCode): EnvoyTokenPair
  findRefreshToken(token: string): EnvoyRefreshLookup
  /**
   * Rotates: the refresh token stops working (presenting it again is `rotated`) and a new
   * access and refresh token are issued on the same connection.
   */
  rotate(refreshToken: EnvoyToken): EnvoyTokenPair
  findAccessToken(token: string): EnvoyToken | undefined
  /**
   * Revokes one live refresh token, or every live one when `token` is undefined; their
   * connections can no longer refresh. Returns how many were revoked.
   */
  revokeRefreshTokens(token?: string): number
  /** Makes every live access token expire now. Returns how many did. */
  expireAccessTokens(): number
}

/** Creates the Envoy emulator's state; see {@link EnvoyState}. */
export function createEnvoyState(options: EnvoyStateOptions = {}): EnvoyState {
  const now = options.now ?? Date.now
  const codeTtlSeconds = options.codeTtlSeconds ?? 30
  const accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 86_400
  const refreshTokenTtlSeconds = options.refreshTokenTtlSeconds ?? 2_592_000
  const company = envoySandboxCompany
  const clients = new Map<string, EnvoyClient>()
  const pending = new Map<string, EnvoyPendingAuthorization>()
  const codes = new Map<string, EnvoyAuthorizationCode>()
  const accessTokens = new Map<string, EnvoyToken>()
  const refreshTokens = new Map<string, EnvoyToken>()
  const rotated = new Set<string>()
  const revoked = new Set<string>()

  const registerClient = (client: EnvoyClient) => {
    clients.set(client.clientId, { ...client, redirectUris: [...client.redirectUris] })
  }
  for (const client of options.clients ?? [defaultEnvoyClient]) registerClient(client)

  const issueTokens = (connection: EnvoyConnection): EnvoyTokenPair => {
    const accessToken: EnvoyToken = {
      token: randomId('envoy_at'),
      connection,
      expiresAt: now() + accessTokenTtlSeconds * 1000,
    }
    const refreshToken: EnvoyToken = {
      token: randomId('envoy_rt'),
      connection,
      expiresAt: now() + refreshTokenTtlSeconds * 1000,
    }
    accessTokens.set(accessToken.token, accessToken)
    refreshTokens.set(refreshToken.token, refreshToken)
    return { accessToken, refreshToken }
  }

  return {
    now,
    codeTtlSeconds,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    company,
    registerClient,
    findClient: (clientId) => clients.get(clientId),
    openAuthorization(request) {
      const authorization = { ...request, id: randomId('envoy_req') }
      pending.set(authorization.id, authorization)
      return authorization
    },
    takeAuthorization(id) {
      const authorization = pending.get(id)
      pending.delete(id)
      return authorization
    },
    issueCode(authorization) {
      const code = randomId('envoy_code')
      codes.set(code, {
        clientId: authorization.client.clientId,
        scopes: [...authorization.scopes],
        expiresAt: now() + codeTtlSeconds * 1000,
      })
      return code
    },
    takeCode(value) {
      const code = codes.get(value)
      codes.delete(value)
      return code
    },
    connect(code) {
      return issueTokens({
        id: randomId('envoy_conn'),
        clientId: code.clientId,
        companyId: company.id,
        scopes: [...code.scopes],
      })
    },
    findRefreshToken(token) {
      const refreshToken = refreshTokens.get(token)
      if (refreshToken !== undefined) return { found: true, refreshToken }
      if (rotated.has(token)) return { found: false, reason: 'rotated' }
      if (revoked.has(token)) return { found: false, reason: 'revoked' }
      return { found: false, reason: 'unknown' }
    },
    rotate(refreshToken) {
      refreshTokens.delete(refreshToken.token)
      rotated.add(refreshToken.token)
      return issueTokens(refreshToken.connection)
    },
    findAccessToken: (token) => accessTokens.get(token),
    revokeRefreshTokens(token) {
      const targets = token === undefined ? [...refreshTokens.keys()] : [token]
      let count = 0
      for (const target of targets) {
        if (!refreshTokens.delete(target)) continue
        revoked.add(target)
        count++
      }
      return count
    },
    expireAccessTokens() {
      const at = now()
      let count = 0
      for (const accessToken of accessTokens.values()) {
        if (accessToken.expiresAt <= at) continue
        accessToken.expiresAt = at
        count++
      }
      return count
    },
  }
}
