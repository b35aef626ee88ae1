import type { RhombusProtocol, RhombusRegion } from '@doorway/core'
import type { Logger } from '../logging/Logger.js'
import type { ClientAuthentication, TokenRequestEncoding } from '../oauth/OAuthProvider.js'
import type { CredentialStore } from '../store/CredentialStore.js'

/**
 * How the BFF reaches providers when it is given one (tests inject a recording one; another
 * runtime may pass its `fetch`). Without it the BFF uses undici's `request`. The BFF always
 * passes an `AbortSignal` and `redirect: 'manual'`.
 */
export type UpstreamFetch = (url: string, init: RequestInit) => Promise<Response>

/** Rhombus sign-in and API settings (see `shared/providers/rhombus.md`). */
export interface RhombusBffConfig {
  clientId: string
  /**
   * Never leaves the BFF: not in `/config`, not in logs. Omitted in the `oauth2` dialect: a
   * public client (RFC 7591 `token_endpoint_auth_method: none`), which proves itself with
   * PKCE alone. Required in the `legacy` dialect, whose JSON token body carries it.
   */
  clientSecret?: string
  /** `oauth2` (standard form-encoded token request, the current CLI) or `legacy` (the published guide). Default `oauth2`. */
  protocol?: RhombusProtocol
  /** Picks the default hosts. Default `us`. */
  region?: RhombusRegion
  /** Authorize host; overrides the region's. May carry a path prefix. */
  consoleUrl?: string
  /** Token host of the chosen dialect (`auth-web` for `oauth2`, `auth` for `legacy`); overrides the region's. */
  authUrl?: string
  /** API host; overrides the region's. */
  apiUrl?: string
  /** The exact redirect URI registered with the application; exchanges must present it verbatim. */
  redirectUri: string
  /**
   * An API key of the organisation (`x-auth-scheme: api-token`), for Rhombus's own Envoy
   * integration (`initiateEnvoyOAuth`, `getEnvoyIntegration`). A password: never leaves the BFF.
   */
  apiKey?: string
  /**
   * Who may start or remove Rhombus's own Envoy integration (it belongs to the API key's
   * organisation): `superAdmin` (default), only users Rhombus reports as `superAdmin` in
   * `getPermissionsForCurrentUser`; `member`, any signed-in user of that organisation.
   */
  envoyIntegrationPermission?: 'superAdmin' | 'member'
  /**
   * Whether partner (MSP/reseller) accounts may sign in. Default `true`. When `false`, a
   * partner sign-in (legacy `isPartner`, or learned by the `oauth2` probe) ends with
   * `partner_not_supported` (403) and no session.
   */
  supportsPartners?: boolean
}

/** Connecting Envoy directly: the app is the Envoy OAuth client (see `shared/providers/envoy.md`). */
export interface EnvoyBffConfig {
  clientId: string
  /** Never leaves the BFF. */
  clientSecret: string
  /** Scopes to ask for. Default `['locations.read', 'token.refresh']` (`token.refresh` is what makes refresh possible). */
  scopes?: readonly string[]
  /** Authorize and token host. Default `https://app.envoy.com`. */
  authUrl?: string
  /** API host. Default `https://api.envoy.com`. */
  apiUrl?: string
  /** The exact redirect URL saved in Envoy's Dev Dashboard; exchanges must present it verbatim. */
  redirectUri: string
}

/**
 * A standards-based OAuth 2.0 provider that users connect to with the authorization code
 * grant (RFC 6749 §4.1): the browser sends them to `authorizeUrl`, and the BFF exchanges the
 * code at `tokenEndpoint` (`POST /auth/<id>/exchange`) and keeps the tokens in the
 * credential store, under the provider's id. Envoy is a preset of the same mechanism
 * ({@link EnvoyBffConfig}: JSON body, credentials in the body, no PKCE).
 */
export interface ProviderConfig {
  clientId: string
  /** Never leaves the BFF: not in `/config`, not in logs. */
  clientSecret: string
  /** The authorization endpoint (absolute http(s) URL, no fragment); public. */
  authorizeUrl: string
  /** The token endpoint (absolute http(s) URL, no fragment); stays on the server. */
  tokenEndpoint: string
  /** Space-separated scopes to ask for (RFC 6749 §3.3). Default none (the provider's default). */
  scope?: string
  /** The exact redirect URI registered with the provider; exchanges must present it verbatim, and it is sent as `redirect_uri`. */
  redirectUri: string
  /**
   * The provider's issuer identifier (RFC 8414 §2: http(s), no query, no fragment). Public,
   * so the browser can check the `iss` of authorization responses (RFC 9207).
   */
  issuer?: string
  /** Whether the provider takes PKCE (RFC 7636, S256): the exchange then requires `codeVerifier`. Default `true`. */
  pkce?: boolean
  /** How the token request is encoded: `form` (RFC 6749) or `json`. */
  encoding: TokenRequestEncoding
  /** How the BFF authenticates at the token endpoint; `client_secret_post` needs `encoding: 'form'`. */
  clientAuth: ClientAuthentication
}

/**
 * Connecting Envoy through Versori (see `shared/providers/versori.md`): Versori owns the
 * state and the code exchange; the BFF initialises and completes the connection.
 */
export interface VersoriBffConfig {
  /** `embedded` (Embedded API v1) or `connect` (Connect API v1, needs `organisationId`). Default `embedded`. */
  api?: 'embedded' | 'connect'
  /** Default `https://platform.versori.com` (staging: `https://platform-staging.versori.com`). */
  baseUrl?: string
  /** The hub whose end users connect; also where connections are created. */
  hubId: string
  /** The Envoy connector. */
  connectorId: string
  /** The organisation; required with the Connect API. */
  organisationId?: string
  /** Bearer token for Versori's APIs. A password: never leaves the BFF. */
  token: string
  /** The `oauth2-client` credential Versori exchanges codes with. */
  credentialId: string
  /** The credential's organisation. Default `organisationId`. */
  credentialOrganisationId?: string
  /** The Envoy client id stored in that credential. */
  clientId: string
  /** Default Envoy's authorize URL (`{envoy.authUrl}/a/auth/v0/authorize`). */
  authorizeUrl?: string
  /** The scheme's token URL sent to Versori. Default `authorizeUrl` with its last `/authorize` made `/token`. */
  tokenUrl?: string
  /** Default the Envoy scopes (`envoy.scopes`, else `['locations.read', 'token.refresh']`). */
  scopes?: readonly string[]
  /** Origin of Versori's OAuth callback page, for the browser's popup messages. Default `https://platform.versori.com`. */
  callbackOrigin?: string
  /** Put before the Doorway user id to make the Versori end user's external id. Default none. */
  userIdPrefix?: string
}

/**
 * Everything the BFF needs, as one object. Only `sessionSecret` is required. Every setting,
 * its variable, default and rules are in one table, `bffSettings`.
 */
export interface BffConfig {
  /** Where the routes are mounted. Default `/bff`; `''` mounts at the root. */
  basePath?: string
  /** Seals session cookies (key = SHA-256 of it). At least 32 characters. */
  sessionSecret: string
  /** Origins allowed to call the BFF, in addition to the origins of the configured redirect URIs. */
  allowedOrigins?: readonly string[]
  /** `Secure` cookies, and the `__Host-` name over HTTPS. Default `true`; turn off only for plain-HTTP hosts other than localhost. */
  secureCookies?: boolean
  /** Time limit for every upstream call, headers and body. Default 10 000 ms. */
  upstreamTimeoutMs?: number
  /** Size limit for request bodies. Default 64 KiB. */
  maxBodyBytes?: number
  /** Size limit for upstream response bodies (`DOORWAY_MAX_UPSTREAM_BYTES`). Default 8 MiB. */
  maxUpstreamBytes?: number
  /** Session lifetime when the provider does not say how long the access token lasts. Default 3600. */
  sessionTtlSeconds?: number
  /**
   * The absolute lifetime of a refreshable (`oauth2`) session, after which the user signs in
   * again (`DOORWAY_SESSION_MAX_AGE_SECONDS`). Default 2 592 000 (30 days).
   */
  sessionMaxAgeSeconds?: number
  /** Upstream fetch. Default: undici's `request` (faster than `globalThis.fetch` on Node). */
  fetch?: UpstreamFetch
  /** Receives redacted log lines. Default {@link consoleLogger}. */
  logger?: Logger
  /** Sign in with Rhombus; omitted means the Rhombus routes answer `not_configured`. */
  rhombus?: RhombusBffConfig
  /** Connect Envoy directly; omitted means the direct routes answer `not_configured`. */
  envoy?: EnvoyBffConfig
  /** Connect Envoy through Versori; omitted means the Versori routes answer `not_configured`. */
  versori?: VersoriBffConfig
  /**
   * Other OAuth 2.0 providers to connect, by id (`[a-z][a-z0-9-]*`; not `rhombus`, and not
   * `envoy`, which is the preset the `envoy` setting makes). Each gets
   * `POST /auth/<id>/exchange`, `GET /connections/<id>` and `POST /connections/<id>/disconnect`,
   * and its public part in `GET /config` under `providers.<id>`. Programmatic only:
   * {@link loadBffConfig} reads no environment variables for them.
   */
  oauthProviders?: Readonly<Record<string, ProviderConfig>>
  /**
   * Where sessions, Envoy connections and other long-lived credentials are kept. Default: SQLite in
   * `databaseFile` (PostgreSQL when it is a `postgres://` URL), encrypted under `encryptionKey`.
   */
  store?: CredentialStore
  /**
   * The default store's SQLite file, or a `postgres://` / `postgresql://` URL for a
   * PostgreSQL store shared by several BFF instances (`DOORWAY_DB`). Default `./doorway.db`.
   */
  databaseFile?: string
  /**
   * What the default store's encryption key is derived from (`DOORWAY_ENCRYPTION_KEY`, at
   * least 32 characters). Default: `sessionSecret`, under a distinct HKDF label. Set it so
   * the session secret can be rotated without losing stored credentials.
   */
  encryptionKey?: string
}
