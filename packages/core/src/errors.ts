import { type DoorwayErrorCode, oauthErrorCodes } from './wire.js'

// Hints for the codes the browser raises itself: the BFF sends its own in problem bodies, so
// the rest of the table stays out of browser bundles unless `errorHints` is imported.
const browserHints: Partial<Record<DoorwayErrorCode, string>> = {
  state_mismatch: 'Nothing started in this tab matches this callback. Start again.',
  transaction_expired: 'This took over 10 minutes. Start again.',
  access_denied: 'The user declined to authorize the app.',
  popup_blocked: 'The popup was blocked: start from a click, or use mode "redirect".',
  popup_closed: 'The popup was closed before it finished.',
  timeout: 'The request timed out.',
  network_error: 'The BFF is unreachable at the configured baseUrl.',
  invalid_return_to: 'returnTo must be a same-origin path, like "/home".',
  not_configured: 'The BFF is not configured for this: see its log.',
}

/** One-line remedies, most taken from Rhombus's published troubleshooting notes. */
export const errorHints: Readonly<Partial<Record<DoorwayErrorCode, string>>> =
  /* @__PURE__ */ Object.assign(
    {
      iss_mismatch:
        'The authorization response came from an unexpected issuer. Check the provider URLs.',
      invalid_grant:
        'The authorization code was rejected: it may have expired (codes last seconds), been used already, or its verifier does not hash to the challenge.',
      invalid_client:
        'The provider does not accept the client id or secret: check RHOMBUS_CLIENT_ID and RHOMBUS_CLIENT_SECRET (ENVOY_CLIENT_ID and ENVOY_CLIENT_SECRET for Envoy) against the app you registered (doorway-bff register prints them); a public client has no secret, and a rotated or deleted client is invalid.',
      redirect_uri_mismatch:
        'The redirect URI must match exactly (scheme, host, port and path) the one sent to authorize and registered with the application.',
      code_expired:
        'Authorization codes are short-lived (seconds). Exchange them immediately on callback.',
      pkce_mismatch:
        'The code verifier does not hash to the code challenge: use SHA-256 and base64url without padding for both.',
      wrong_auth_scheme: 'The legacy token exchange needs the header x-auth-scheme: web2.',
      wrong_dialect:
        'The token endpoint answered like the other Rhombus dialect. Switch RHOMBUS_PROTOCOL between oauth2 and legacy.',
      partner_not_supported:
        'A partner account signed in, but this app supports standard Rhombus organisations only.',
      upstream_unavailable:
        'The provider could not be reached or answered with a server error. Try again later.',
      unauthenticated: 'Sign in first.',
      session_expired: 'The session has expired. Sign in again.',
      forbidden:
        "The signed-in user may not do this: they are not a user of the organisation of the BFF's Rhombus API key, or lack the Rhombus permission it needs.",
      csrf_rejected:
        'Requests to the BFF must carry the x-doorway-csrf header (the Doorway client adds it).',
      forbidden_origin:
        'The request came from an origin the BFF does not serve. Check DOORWAY_ALLOWED_ORIGINS.',
      envoy_disconnected:
        'Envoy is not connected (the connection was revoked, expired or never made). Connect Envoy again.',
      not_supported:
        'The provider offers no way to do this; do it in the provider’s own dashboard.',
      already_connected:
        'The provider already holds an Envoy connection for this user. Disconnect it first to connect again.',
    },
    browserHints,
  )

/** What a provider or the BFF said, kept as it was sent (snake_case, as in RFC 6749). */
export interface DoorwayErrorOptions {
  cause?: unknown
  error?: string
  error_description?: string
  error_uri?: string
  status?: number
  hint?: string
}

/**
 * The one error type of the browser side. `code` is always one of Doorway's closed set
 * (callers match on it); `error`, `error_description` and `error_uri` keep what the
 * provider sent (RFC 6749 §4.1.2.1, §5.2) beside it, as oauth4webapi's `ResponseBodyError`
 * does. A provider's authorization error is made with {@link providerError}.
 */
export class DoorwayError extends Error {
  override readonly name = 'DoorwayError'
  declare readonly code: DoorwayErrorCode
  declare readonly error: string | undefined
  declare readonly error_description: string | undefined
  declare readonly error_uri: string | undefined
  declare readonly status: number | undefined
  declare readonly hint: string | undefined
  /**
   * Set when a callback's flow failed (Deny, a refused code): the same-origin path its
   * attempt started from, where `DoorwayProvider` returns the user (`onRedirectCallback`).
   */
  declare readonly returnTo: string | undefined

  constructor(code: DoorwayErrorCode, message?: string, options: DoorwayErrorOptions = {}) {
    super(message ?? options.error_description ?? browserHints[code] ?? code, {
      cause: options.cause,
    })
    this.code = code
    for (const key of ['error', 'error_description', 'error_uri', 'status'] as const) {
      ;(this as { [k in typeof key]?: unknown })[key] = options[key]
    }
    this.hint = options.hint ?? browserHints[code]
  }
}

/**
 * The error of a provider's authorization response (a callback's `?error=`, Versori's
 * popup): the provider's `error` is the code only when it is one of the OAuth codes
 * (RFC 6749) the closed set lists, else the code is `upstream_error`; either way `error`,
 * `error_description` and `error_uri` keep what the provider sent.
 */
export const providerError = (error: string, response: DoorwayErrorOptions) =>
  new DoorwayError(
    (oauthErrorCodes as readonly string[]).includes(error)
      ? (error as DoorwayErrorCode)
      : 'upstream_error',
    undefined,
    response,
  )

/** True for a {@link DoorwayError}, optionally with the given code. */
export function isDoorwayError(value: unknown, code?: DoorwayErrorCode): value is DoorwayError {
  return value instanceof DoorwayError && (code === undefined || value.code === code)
}
