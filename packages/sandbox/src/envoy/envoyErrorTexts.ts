import { envoyScopes } from './envoyScopes.js'

/**
 * Every error text the Envoy sandbox sends, kept stable so the BFF's error mapping and the
 * browser tests can be checked against them. They name the rule of Envoy's "OAuth from an
 * external app" guide that a request broke.
 */

/** Shown (status 400, never a redirect) when the authorize page refuses a request. */
export const envoyAuthorizeErrors = {
  repeatedParameter: 'A parameter is repeated; each may appear once (RFC 6749 §3.1).',
  missingClientId: 'client_id is missing.',
  unknownClient:
    "Unknown client_id: no app is registered with it. Use the client id of your unlisted app from Envoy's Dev Dashboard.",
  missingRedirectUri: 'redirect_uri is missing.',
  redirectUriNotRegistered:
    "redirect_uri is not a redirect URL of this app. It must match the one saved in Envoy's Dev Dashboard exactly (scheme, host, port and path).",
  wrongResponseType: 'response_type must be code.',
  pkceNotSupported:
    'Envoy does not document PKCE: send no code_challenge or code_challenge_method. The exchange needs the client secret, so it happens on the server.',
  missingScope:
    'scope is missing: request the scopes the app needs, space-separated and URL-encoded as +, e.g. scope=locations.read+token.refresh.',
  doubleEncodedScope:
    'The scope is double-encoded: after decoding it still contains "+" or "%". Scopes are space-separated and encoded once, so each space becomes + (scope=locations.read+token.refresh); do not encode the + again (%2B).',
  commaSeparatedScope:
    'Scopes are space-separated (URL-encoded as +), not comma-separated: scope=locations.read+token.refresh.',
  malformedScope:
    'Scopes are separated by exactly one space each (one + in the URL), with none before the first or after the last.',
  unknownScope: `The scope names a scope Envoy does not know. Known scopes: ${envoyScopes.join(', ')}.`,
  unknownRequest:
    'This authorization request is unknown or was already decided. Start again from the application.',
  invalidDecision: 'The decision must be approve or deny.',
} as const

/** `error_description`s of the token endpoint (`POST /a/auth/v0/token`). */
export const envoyTokenErrors = {
  unsupportedMediaType:
    'Content-Type must be application/json: Envoy takes the token request as a JSON body, not a form.',
  invalidBody:
    'The body must be a JSON object: {"grant_type", "code" or "refresh_token", "client_id", "client_secret"}, each a string.',
  missingGrantType: 'grant_type is missing.',
  unsupportedGrantType: 'grant_type must be authorization_code or refresh_token.',
  noClientAuth:
    'client_id and client_secret are required in the JSON body (Envoy takes no HTTP Basic credentials).',
  unknownClient: 'Unknown client_id.',
  wrongSecret: 'Client authentication failed: wrong client_secret.',
  missingCode: 'code is required.',
  invalidCode: 'The authorization code is invalid or has already been used.',
  codeClientMismatch: 'The authorization code was issued to another app.',
  codeExpired: 'The authorization code has expired: exchange it as soon as the callback arrives.',
  missingRefreshToken: 'refresh_token is required.',
  invalidRefreshToken: 'The refresh token is invalid.',
  refreshTokenRotated:
    'The refresh token was already used: every refresh returns a new refresh token and the old one stops working. Store the rotated token atomically and refresh once at a time per connection.',
  refreshTokenRevoked: 'The refresh token was revoked: the connection is gone, connect again.',
  refreshTokenExpired: 'The refresh token has expired: the connection is gone, connect again.',
  refreshTokenClientMismatch: 'The refresh token was issued to another app.',
  refreshScopeMissing:
    'The connection was authorized without the token.refresh scope, so it cannot be refreshed. Request token.refresh at authorize time and connect again.',
} as const

/** `detail`s of the API's JSON:API errors. */
export const envoyApiErrors = {
  missingToken: 'Authorization: Bearer <access_token> is required.',
  invalidToken: 'The access token is invalid.',
  expiredToken:
    'The access token has expired: refresh it with the refresh token (grant_type refresh_token).',
  insufficientScope: 'The access token was not granted the locations.read scope.',
  notFound: 'Not found: the sandbox emulates GET /v1/locations only.',
} as const
