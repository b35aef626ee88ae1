import type { RhombusProtocol, RhombusRegion } from '@doorway/core'
import type { Logger } from '../logging/Logger.js'
import type { SessionRevocations } from '../session/SessionRevocations.js'

/**
 * How the BFF reaches providers. `globalThis.fetch` fits; tests inject a recording one.
 * The BFF always passes an `AbortSignal` and `redirect: 'manual'`.
 */
export type UpstreamFetch = (url: string, init: RequestInit) => Promise<Response>

/** Rhombus sign-in and API settings (see `shared/providers/rhombus.md`). */
export interface RhombusBffConfig {
  clientId: string
  /** Never leaves the BFF: not in `/config`, not in logs. */
  clientSecret: string
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
}

/** Everything the BFF needs, as one object. Only `sessionSecret` is required. */
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
  /** Size limit for request bodies and for upstream response bodies. Default 64 KiB. */
  maxBodyBytes?: number
  /** Session lifetime when the provider does not say how long the access token lasts. Default 3600. */
  sessionTtlSeconds?: number
  /** Upstream fetch. Default `globalThis.fetch`. */
  fetch?: UpstreamFetch
  /** Receives redacted log lines. Default {@link consoleLogger}. */
  logger?: Logger
  /** Remembers signed-out sessions until they expire. Default: in memory (one instance only). */
  sessionRevocations?: SessionRevocations
  /** Sign in with Rhombus; omitted means the Rhombus routes answer `not_configured`. */
  rhombus?: RhombusBffConfig
}
