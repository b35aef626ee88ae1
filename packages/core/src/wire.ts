/*
 * The wire contract: every JSON body the browser and the BFF exchange, and the one closed
 * set of error codes. Core reads these shapes, the BFF checks what it sends against them
 * (`satisfies`), and no other file declares them (`wire.test.ts` in the BFF, which reads every package).
 */

/**
 * Every Doorway error code: the `code` of every `DoorwayError` and of every problem the BFF
 * answers. A provider's own code is never one of these unless the set lists it (the OAuth
 * codes of RFC 6749 §4.1.2.1 and §5.2 are); it travels as `error` beside the code.
 */
export const doorwayErrorCodes = [
  'state_mismatch',
  'transaction_expired',
  'invalid_callback',
  'iss_mismatch',
  'access_denied',
  'invalid_request',
  'invalid_scope',
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'unsupported_grant_type',
  'server_error',
  'temporarily_unavailable',
  'redirect_uri_mismatch',
  'code_expired',
  'pkce_mismatch',
  'wrong_auth_scheme',
  'wrong_dialect',
  'partner_not_supported',
  'popup_blocked',
  'popup_closed',
  'timeout',
  'network_error',
  'upstream_unavailable',
  'upstream_error',
  'invalid_response',
  'unauthenticated',
  'session_expired',
  'csrf_rejected',
  'forbidden',
  'forbidden_origin',
  'bad_request',
  'payload_too_large',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'not_configured',
  'invalid_return_to',
  'envoy_disconnected',
  'not_supported',
  'already_connected',
] as const

/** One of {@link doorwayErrorCodes}: what callers match on. */
export type DoorwayErrorCode = (typeof doorwayErrorCodes)[number]

/**
 * The codes [RFC 6749](https://www.rfc-editor.org/rfc/rfc6749#section-5.2) defines
 * (§4.1.2.1, §5.2), which the closed set lists: a provider's `error` that is one of these
 * is Doorway's code too; any other provider code becomes `upstream_error`.
 */
export const oauthErrorCodes = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
] as const satisfies readonly DoorwayErrorCode[]

/**
 * Every error answer of the BFF: an [RFC 9457](https://www.rfc-editor.org/rfc/rfc9457)
 * problem document (`application/problem+json`). When the provider asked for a wait, the
 * response carries it as the `Retry-After` header, not in the body.
 */
export interface ProblemDetails {
  /** `urn:doorway:problem:<code>`. */
  type: string
  /** The HTTP status phrase. */
  title: string
  status: number
  code: DoorwayErrorCode
  detail: string
  /** One-line remedy. */
  hint?: string
  /** The provider's own `error`, when it sent one. */
  error?: string
  /** The provider's own `error_description`, when it sent one. */
  error_description?: string
}

/** `oauth2`: standard OAuth 2.0 (the current Rhombus CLI). `legacy`: the published PKCE guide. */
export type RhombusProtocol = 'oauth2' | 'legacy'

/** What the browser needs to start a Rhombus sign-in (`GET /config`, `providers.rhombus`). */
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

/**
 * What the browser needs to send a user to a standards-based OAuth 2.0 provider and check
 * the answer (`GET /config`, `providers.<id>`, Envoy's included): no secret, no token endpoint.
 */
export interface ProviderPublicConfig {
  clientId: string
  /** The full authorize endpoint, e.g. `https://app.envoy.com/a/auth/v0/authorize`. */
  authorizeUrl: string
  /** Space-separated scopes, sent form-encoded (`locations.read+token.refresh`); absent: none. */
  scope?: string
  /** Exactly as registered with the provider. */
  redirectUri: string
  /**
   * The authorization server's issuer identifier. When set, the authorization response
   * must carry `iss` equal to it ([RFC 9207](https://www.rfc-editor.org/rfc/rfc9207)).
   */
  issuer?: string
  /** Sends a PKCE S256 challenge, and the verifier to the BFF's exchange. Envoy takes none. */
  pkce?: boolean
}

/** `GET /config`: the providers the BFF serves, public data only. */
export interface PublicConfig {
  /**
   * `rhombus` (sign-in), then every provider connected by `POST /auth/<id>/exchange`, by
   * id: `envoy` when Envoy is configured, and each of the BFF's `oauthProviders`.
   */
  providers: {
    rhombus?: RhombusPublicConfig
    envoy?: ProviderPublicConfig
    [id: string]: RhombusPublicConfig | ProviderPublicConfig | undefined
  }
  /**
   * Which ways to connect Envoy the BFF serves (each also needs a Rhombus sign-in):
   * `direct` (`/auth/envoy/exchange`), `rhombus` (`/envoy/rhombus/initiate`, needs
   * `RHOMBUS_API_KEY`), `versori` (`/envoy/versori/*`). Absent from older BFFs.
   */
  connect?: { direct: boolean; rhombus: boolean; versori: boolean }
  /** When Versori is configured: the origin its OAuth callback page posts from. */
  versori?: { callbackOrigin: string }
}

/**
 * `GET /session`, and the answer of sign-in and sign-out: who is signed in. Never carries
 * a token.
 */
export interface SessionSummary {
  authenticated: boolean
  provider?: 'rhombus'
  /** `user.id` is the Doorway user id when it came from the access token; else `null`. */
  user?: { id?: string; email?: string; name?: string } | null
  /** When authenticated: the user's Rhombus organisation, as Rhombus reports it. */
  org?: { uuid: string; name: string } | null
  isPartner?: boolean
  /**
   * Epoch milliseconds: when the session ends. A session the BFF refreshes (the `oauth2`
   * dialect) lasts its maximum age; a legacy one ends with its access token.
   */
  expiresAt?: number
  /** Not authenticated because the session expired (sign in again). */
  expired?: boolean
}

/** Body of `POST /auth/rhombus/exchange`; the answer is a {@link SessionSummary}. */
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

/**
 * Body of `POST /auth/signout` (none, or `{}`, is a plain sign-out); the answer is a
 * signed-out {@link SessionSummary}.
 */
export interface SignOutRequest {
  /** End every session of this user on the server (all browsers and devices), not only this one. */
  everywhere?: boolean
}

/** Body of `POST /envoy/rhombus/initiate`. */
export interface RhombusEnvoyInitiateRequest {
  /** Same-origin path of the app to come back to once Envoy is connected, e.g. `/settings`. */
  returnTo: string
  /** `initiateEnvoyOAuth`'s `param`; default a fresh random value. */
  param?: string
}

/** Answer of `POST /envoy/rhombus/initiate`: where to send the user, and Rhombus's warning if any. */
export interface RhombusEnvoyInitiateAnswer {
  redirectUrl: string
  warning?: string
}

/**
 * The three ways to connect Envoy: `direct` (this app is Envoy's OAuth client; the BFF keeps
 * the tokens), `rhombus` (Rhombus's own Envoy integration keeps them), `versori` (Versori
 * keeps them).
 */
export type EnvoyVia = 'direct' | 'rhombus' | 'versori'

/** Every {@link EnvoyVia}, in the order the demo offers them. */
export const envoyVias: readonly EnvoyVia[] = ['direct', 'rhombus', 'versori']

/**
 * What the BFF tells the browser about an Envoy connection (`GET /envoy/connection?via=`,
 * the answer of a connect or disconnect); never a token.
 */
export interface EnvoyConnection {
  status: 'connected' | 'disconnected'
  via: EnvoyVia
  /** Envoy's `company_id`, when known. */
  companyId?: string
  scopes?: string[]
  /** Direct: when the current access token expires, in epoch milliseconds. */
  expiresAt?: number
  /** Direct: why a connection that existed is gone (`revoked` after a refused refresh). */
  reason?: 'revoked' | 'expired'
  /** A provider's warning for the user (Rhombus's `warningMsg`). */
  warning?: string
}

/**
 * What the BFF tells the browser about a connection to an OAuth provider
 * (`GET /connections/<provider>`, the answer of its exchange); never a token.
 */
export interface ProviderConnection {
  status: 'connected' | 'disconnected'
  via: 'direct'
  /** The provider's account, when its preset names one (Envoy's `company_id`). */
  companyId?: string
  /** Granted scopes, else the configured ones. */
  scopes?: string[]
  /** Epoch milliseconds, when the provider gave `expires_in`. */
  expiresAt?: number
  /** Why a stored connection is gone. */
  reason?: 'revoked' | 'expired'
}

/** The body of `POST /auth/<provider>/state`. */
export interface ProviderStateRequest {
  /** The attempt's state, as it will be sent to the provider (base64url, 256 bits). */
  state: string
}

/** The body of `POST /auth/<provider>/exchange` for an OAuth provider. */
export interface ProviderExchangeRequest {
  code: string
  /** With PKCE. */
  codeVerifier?: string
  /** Must equal the configured redirect URI exactly. */
  redirectUri: string
  /**
   * The transaction's state, always: the one this tab bound to the session (`bindState`),
   * sent to the provider and checked; the BFF exchanges no code without a state it bound.
   */
  state: string
}

/** Body of `POST /envoy/versori/initialise`. */
export interface VersoriInitialiseRequest {
  /** A URL-encoded query string for the authorize URL; must not set a standard parameter. */
  additionalParams?: string
  /** `none`, `login`, `consent`, `select_account`, or `+`-joined combinations. */
  prompt?: string
}

/** Answer of `POST /envoy/versori/initialise`: Versori's authorize URL, unchanged, and its `state`. */
export interface VersoriInitialiseAnswer {
  url: string
  state: string
}

/** Body of `POST /envoy/versori/complete` (answer: an `EnvoyConnection`): what Versori's callback page handed the browser. */
export interface VersoriCompleteRequest {
  code: string
  /** Must be a state this BFF initialised for this user, not used yet. */
  state: string
}

/** Body of `POST /envoy/disconnect` (answer: an `EnvoyConnection`, `disconnected`). */
export interface EnvoyDisconnectRequest {
  via: EnvoyVia
}

/** Body of `POST /rhombus/api-keys` (answer: `201` and the new `RhombusApiKey`). */
export interface RhombusApiKeyRequest {
  /** The key's name in the Rhombus console: trimmed, 1 to 100 characters, no control characters. */
  displayName: string
}

/**
 * A long-lived Rhombus API key the BFF minted for the signed-in user, as the browser sees
 * it: never the key itself, which stays encrypted in the BFF's credential store.
 */
export interface RhombusApiKey {
  /** The BFF's id of the key (not the key). */
  id: string
  displayName: string
  /** Epoch milliseconds. */
  createdAt: number
  /** Minted for a partner account (`/api/partner/submitApiTokenApplication`). */
  partner: boolean
}

/** Answer of `GET /rhombus/api-keys`: the signed-in user's keys, oldest first. */
export interface RhombusApiKeyList {
  apiKeys: RhombusApiKey[]
}

/** Answer of `DELETE /rhombus/api-keys/:id`. */
export interface RhombusApiKeyDeleted {
  deleted: true
}

/**
 * One of a partner's client organisations (`GET /rhombus/partner/clients`), in the fields
 * of Rhombus's `POST /api/partner/getClientsV2`. Act for it by sending its `clientOrgUuid`
 * as `x-auth-org` through the Rhombus proxy.
 */
export interface RhombusPartnerClient {
  clientOrgUuid: string
  clientOrgName: string
  /** Whether Rhombus lets the partner act for this client now. */
  clientAccessAllowed: boolean
}

/** Answer of `GET /rhombus/partner/clients` (partner sessions only; others get 403 `forbidden`). */
export interface RhombusPartnerClientList {
  clients: RhombusPartnerClient[]
}

/** One Envoy location read through Rhombus's own Envoy integration (`getEnvoyLocations`). */
export interface RhombusEnvoyLocation {
  id: string
  name: string
}

/** Answer of `GET /envoy/rhombus/locations`: the Envoy locations of the API key's organisation. */
export interface RhombusEnvoyLocationList {
  locations: RhombusEnvoyLocation[]
}
