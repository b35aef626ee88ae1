import type { RhombusProtocol } from '../wire.js'
import type { AuthorizeDialect } from './dialect.js'

// Declared in the wire contract; exported here too for the files that import them from here.
export type { RhombusExchangeRequest, RhombusProtocol, RhombusPublicConfig } from '../wire.js'

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
