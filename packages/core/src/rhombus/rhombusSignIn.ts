import { type AuthorizeDialect, buildAuthorizeUrl, createPKCE } from '../authorizeRequest.js'
import type { Flow } from '../doorwayClient.js'
import { DoorwayError, providerError } from '../errors.js'
import type { RhombusProtocol } from '../wire.js'

/**
 * The Rhombus sign-in as a {@link Flow} (id `rhombus`, back on `/oauth/callback/rhombus`),
 * in every client's flows by default. Start: PKCE and the configured dialect's authorize
 * URL (`GET /config` → `providers.rhombus`). Finish: the provider's error, else the code (or
 * a legacy pre-exchanged token) sent once to `POST /auth/rhombus/exchange`; the BFF answers
 * with the new session, which every tab hears. `client.signIn('rhombus')` starts it.
 */
export const rhombusSignIn: Flow<never> = {
  id: 'rhombus',
  async start({ state }, client) {
    const c = (await client.getConfig()).providers.rhombus
    if (!c) throw new DoorwayError('not_configured')
    const { codeVerifier, codeChallenge } = await createPKCE()
    const { href } = buildAuthorizeUrl(c.consoleUrl, rhombusDialects[c.protocol], {
      ...c,
      state,
      codeChallenge,
    })
    return { url: href, redirectUri: c.redirectUri, codeVerifier }
  },
  async finish(p, tx, bff) {
    // The message is the provider's error_description, kept in the options too.
    if (p.error) throw providerError(p.error, p)
    if (!p.code && !p.accessToken) throw new DoorwayError('invalid_callback')
    return {
      // Unset fields are left out of the JSON body.
      session: await bff.exchangeRhombus({
        code: p.code,
        codeVerifier: p.code && tx.codeVerifier,
        redirectUri: tx.redirectUri!,
        isPartner: p.isPartner === 'true' || undefined,
        accessToken: p.accessToken,
      }),
    }
  },
}

/** The Rhombus regions, each with its own hosts. */
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

/** The hosts of each Rhombus region (the BFF and its CLI read them). */
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
