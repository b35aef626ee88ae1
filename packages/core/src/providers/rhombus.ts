import type { AuthorizeDialect } from './dialect.js'

/** `oauth2`: standard OAuth 2.0 (the current Rhombus CLI). `legacy`: the published PKCE guide. */
export type RhombusProtocol = 'oauth2' | 'legacy'
export type RhombusRegion = 'us' | 'eu'

/** The four Rhombus hosts a sign-in touches, per region. */
export interface RhombusHosts {
  /** Where the user signs in and approves the app (authorize). */
  console: string
  /** Token endpoint and dynamic registration of the `oauth2` dialect. */
  authWeb: string
  /** Token endpoint of the `legacy` dialect. */
  auth: string
  /** The Rhombus API. */
  api: string
}

export const rhombusRegions: Readonly<Record<RhombusRegion, RhombusHosts>> = {
  us: {
    console: 'https://console.rhombussystems.com',
    authWeb: 'https://auth-web.rhombussystems.com',
    auth: 'https://auth.rhombussystems.com',
    api: 'https://api2.rhombussystems.com',
  },
  eu: {
    console: 'https://console.eu.rhombussystems.com',
    authWeb: 'https://auth-web.eu.rhombussystems.com',
    auth: 'https://auth.eu.rhombussystems.com',
    api: 'https://api2.eu.rhombussystems.com',
  },
}

/** The token host of a dialect: `auth-web` for `oauth2`, `auth` for `legacy`. */
export function rhombusTokenHost(hosts: RhombusHosts, protocol: RhombusProtocol): string {
  return protocol === 'legacy' ? hosts.auth : hosts.authWeb
}

/** Authorize request shapes of both Rhombus dialects, as data (see shared provider notes). */
export const rhombusDialects: Readonly<Record<RhombusProtocol, AuthorizeDialect>> = {
  oauth2: {
    path: '/oauth/authorize',
    params: [
      ['client_id', 'clientId'],
      ['redirect_uri', 'redirectUri'],
      ['response_type', { value: 'code' }],
      ['state', 'state'],
      ['code_challenge', 'codeChallenge'],
      ['code_challenge_method', { value: 'S256' }],
    ],
  },
  legacy: {
    path: '/login',
    params: [
      ['type', { value: 'oauth' }],
      ['client_id', 'clientId'],
      ['redirect', 'redirectUri'],
      ['state', 'state'],
      ['challenge', 'codeChallenge'],
    ],
  },
}

/** What the BFF tells the browser about Rhombus (`GET /bff/config`): public data only. */
export interface RhombusPublicConfig {
  clientId: string
  protocol: RhombusProtocol
  /** Authorize host; may carry a path prefix (the sandbox does). */
  consoleUrl: string
  /** Exactly as registered. */
  redirectUri: string
  /**
   * Whether partner accounts may sign in (`RHOMBUS_PARTNERS`); when false a partner sign-in
   * ends with `partner_not_supported`. Absent from BFFs that predate it: treat as true.
   */
  supportsPartners?: boolean
}

/** Body of `POST /bff/auth/rhombus/exchange`. */
export interface RhombusExchangeRequest {
  /** Required unless `accessToken` is given. */
  code?: string
  /** Required with `code`. */
  codeVerifier?: string
  /** Must equal the configured redirect URI exactly. */
  redirectUri: string
  /** Legacy callback extra. */
  isPartner?: boolean
  /** Legacy pre-exchanged token: the BFF makes no token request. */
  accessToken?: string
}
