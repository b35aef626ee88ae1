/**
 * Every error text the Rhombus sandbox sends, kept stable so the BFF's error mapping and
 * the browser tests can be checked against them. The legacy token texts name the causes
 * of the published guide's troubleshooting section, in its words.
 */

/** Shown (status 400, never a redirect) when the console refuses an authorize request. */
export const rhombusConsoleErrors = {
  repeatedParameter: 'A parameter is repeated; each may appear once (RFC 6749 §3.1).',
  wrongType: 'type must be oauth.',
  missingClientId: 'client_id is missing.',
  unknownClient:
    'Unknown client_id: no application is registered with it. Use the clientId returned by submitApplication or registration.',
  missingRedirectUri: 'redirect_uri is missing.',
  missingRedirect: 'redirect is missing.',
  redirectInsteadOfRedirectUri:
    "redirect_uri is missing; redirect is the legacy dialect's name (/login). The oauth2 dialect (/oauth/authorize) takes redirect_uri.",
  redirectUriInsteadOfRedirect:
    "redirect is missing; redirect_uri is the oauth2 dialect's name (/oauth/authorize). The legacy dialect (/login) takes redirect.",
  redirectUriNotRegistered:
    'The redirect URI is not registered for this client. It must match a registered URI exactly (scheme, host, port and path).',
  wrongResponseType: 'response_type must be code.',
  missingState: 'state is missing.',
  missingCodeChallenge: 'code_challenge is missing.',
  missingChallenge: 'challenge is missing.',
  challengeInsteadOfCodeChallenge:
    "code_challenge is missing; challenge is the legacy dialect's name (/login). The oauth2 dialect (/oauth/authorize) takes code_challenge and code_challenge_method=S256.",
  codeChallengeInsteadOfChallenge:
    "challenge is missing; code_challenge is the oauth2 dialect's name (/oauth/authorize). The legacy dialect (/login) takes challenge.",
  invalidChallenge:
    'The code challenge must be base64url(SHA-256(verifier)) without padding: 43 characters of A-Z a-z 0-9 - _.',
  wrongChallengeMethod: 'code_challenge_method must be S256.',
  unknownRequest:
    'This sign-in request is unknown or was already decided. Start the sign-in again from the application.',
  invalidDecision: 'The decision is not one this sign-in request offers.',
} as const

/** `error_description`s of the `oauth2` token endpoint (RFC 6749 §5.2). */
export const rhombusOAuth2Errors = {
  unsupportedMediaType:
    "Content-Type must be application/x-www-form-urlencoded. A JSON body is the legacy dialect's token request (auth host, x-auth-scheme: web2); this endpoint speaks the oauth2 dialect.",
  repeatedParameter: 'A parameter is repeated; each may appear once (RFC 6749 §3.2).',
  multipleClientAuth:
    'The client used more than one authentication method (HTTP Basic and client_secret in the body); use exactly one (RFC 6749 §2.3).',
  clientIdMismatch:
    'client_id in the body does not match the client of the HTTP Basic credentials.',
  noClientAuth:
    'Client authentication is required: HTTP Basic (client_secret_basic) or client_id and client_secret in the body (client_secret_post); a public client sends client_id in the body and no secret.',
  publicClientSecret:
    'This client is public (token_endpoint_auth_method none): send client_id in the body and no client secret and no HTTP Basic.',
  malformedBasic:
    'Malformed HTTP Basic credentials: base64 of form-urlencoded client_id ":" form-urlencoded client_secret (RFC 6749 §2.3.1).',
  unknownClient: 'Unknown client_id.',
  wrongSecret: 'Client authentication failed: wrong client secret.',
  basicNotAllowed:
    'This client is registered for client_secret_post: send client_id and client_secret in the body, not HTTP Basic.',
  postNotAllowed:
    'This client is registered for client_secret_basic: authenticate with HTTP Basic, not client_secret in the body.',
  missingGrantType: 'grant_type is missing.',
  unsupportedGrantType:
    'Only grant_type=authorization_code and grant_type=refresh_token are supported.',
  missingParameter: 'code, redirect_uri and code_verifier are required.',
  missingRefreshToken: 'refresh_token is required.',
  invalidScope:
    'scope may only repeat the scope of the original grant (RFC 6749 §6); leave it out to keep it.',
  unknownRefreshToken: 'The refresh token is invalid: it was never issued.',
  reusedRefreshToken:
    'The refresh token has already been used: refresh tokens are single use (rotation), keep the one the last refresh returned. Concurrent refreshes of one session must be one refresh.',
  revokedRefreshToken: 'The refresh token has been revoked: the sign-in is over, sign in again.',
  refreshTokenClientMismatch: 'The refresh token was issued to another client.',
  legacyRefreshToken:
    'The refresh token was issued by the legacy dialect, which does not support refresh: sign in again.',
  invalidCode: 'The authorization code is invalid or has already been used.',
  wrongDialectCode:
    "The authorization code was issued by the legacy dialect's authorize page (/login); exchange it at the legacy token endpoint (auth host, JSON, x-auth-scheme: web2).",
  codeClientMismatch: 'The authorization code was issued to another client.',
  codeExpired: 'The authorization code has expired: codes last seconds, exchange them immediately.',
  redirectUriMismatch:
    'redirect_uri does not match the authorization request exactly (scheme, host, port and path).',
  pkceMismatch:
    'code_verifier does not hash to the code_challenge: S256 is base64url(SHA-256(verifier)) without padding.',
} as const

/** `errorMsg`s of the legacy token endpoint, sent as `{ error: true, errorMsg }`. */
export const rhombusLegacyErrors = {
  unsupportedMediaType:
    "Content-Type must be application/json. A form-encoded body is the oauth2 dialect's token request (auth-web host); this endpoint speaks the legacy dialect.",
  wrongAuthScheme:
    'Wrong header: the token exchange requires x-auth-scheme: web2, not api-token or api-oauth-token.',
  invalidBody:
    "Malformed token request: the body must be exactly the JSON object of the guide's step 4, seven string fields and no others.",
  unsupportedGrantType: 'grantType must be AUTHORIZATION_CODE.',
  unsupportedChallengeType: 'codeChallengeType must be S256.',
  unknownClient:
    "Unknown clientId: the client_id is not recognized. Use the clientId returned by submitApplication; a rotated application's old clientId is no longer valid.",
  invalidClientSecret: 'Invalid clientSecret for this clientId.',
  invalidCode: 'Invalid authorizationCode: unknown, or already used.',
  wrongDialectCode:
    "authorizationCode was issued by the oauth2 dialect's authorize page (/oauth/authorize); exchange it at the oauth2 token endpoint (auth-web host, form-encoded).",
  codeClientMismatch: 'authorizationCode was issued to another application.',
  codeExpired:
    'Expired code: authorization codes are short-lived (seconds). Exchange them immediately on callback.',
  redirectUriMismatch:
    'redirectUri mismatch: the redirectUri must match exactly (scheme, host, port and path) the redirect sent to /login.',
  pkceMismatch:
    'codeVerifier does not hash to codeChallenge: use SHA-256 and base64url encoding without = padding.',
  refreshUnsupported:
    'Refreshing tokens is not supported in the legacy dialect (the published guide calls it unsupported): the session ends when the access token expires; sign in again. The oauth2 dialect (auth-web host, form-encoded grant_type=refresh_token) refreshes.',
  publicClient:
    'This client is public (token_endpoint_auth_method none) and has no clientSecret: the legacy token request needs one. Use the oauth2 dialect (auth-web host), where a public client sends client_id alone.',
} as const

/** `errorMsg`s of the emulated API, sent as `{ error: true, errorMsg }`. */
export const rhombusApiErrors = {
  unsupportedAuthScheme:
    'Unsupported x-auth-scheme: OAuth access tokens use x-auth-scheme: api-oauth-token (partner accounts: partner-api-oauth-token) with x-auth-access-token.',
  missingAccessToken:
    'Missing x-auth-access-token: OAuth access tokens go in x-auth-access-token, not x-auth-apikey.',
  invalidAccessToken: 'Invalid access token.',
  expiredAccessToken: 'Access token expired: sign in again, or use a minted API key.',
  partnerSchemeRequired:
    'This access token belongs to a partner account: use x-auth-scheme: partner-api-oauth-token.',
  standardSchemeRequired:
    'This access token does not belong to a partner account: use x-auth-scheme: api-oauth-token.',
  unsupportedMediaType: 'Content-Type must be application/json.',
  invalidBody: 'The body must be a JSON object.',
  notFound:
    'Not found: the sandbox emulates POST /api/user/getUsersInOrg, /api/org/getOrgV2, /api/permission/getPermissionsForCurrentUser, /api/partner/getClients, /api/partner/getClientsV2, /api/{integrations/org,partner}/{submitApiTokenApplication,getApiTokens,revokeApiToken}, /api/oauth/{submitApplication,getApplicationByClientId,getAllApplicationsForOrg,updateApplication,deleteApplication}, /api/integrations/serviceManagement/{initiateEnvoyOAuth,getEnvoyIntegration,deleteEnvoyIntegrationV2} and /api/report/getEnvoyLocations only.',
  unknownClientOrg:
    "x-auth-org names no client organisation of this partner account: send the uuid of one of the partner's client orgs, or leave the header out for the partner's own org.",
  partnerOnly:
    'Only partner accounts may list client orgs: POST /api/partner/getClients with x-auth-scheme: partner-api-oauth-token.',
  partnerOnlyV2:
    'Only partner accounts may list client orgs: POST /api/partner/getClientsV2 with x-auth-scheme: partner-api-oauth-token.',
  partnerOrgWithStandardScheme:
    'This access token belongs to a partner account: call with x-auth-scheme: partner-api-oauth-token (add x-auth-org to act on one of its client orgs).',
  partnerMintingEndpoint:
    'This access token belongs to a partner account: mint API keys with POST /api/partner/submitApiTokenApplication and x-auth-scheme: partner-api-oauth-token.',
  notPartnerMintingEndpoint:
    'Only partner accounts may use /api/partner/submitApiTokenApplication: mint with POST /api/integrations/org/submitApiTokenApplication and x-auth-scheme: api-oauth-token.',
  invalidMintBody:
    'The body must be a JSON object {displayName, authType: "API_TOKEN"}, or {displayName, authType: "CERT", csr} with a PEM certificate signing request; no other fields.',
  missingDisplayName: 'displayName must be a non-empty string.',
  unsupportedAuthType: 'authType must be API_TOKEN or CERT.',
  invalidCsr:
    'authType CERT needs csr: a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST----- … -----END CERTIFICATE REQUEST-----).',
  unexpectedCsr: 'csr is only taken with authType CERT.',
  partnerApiTokensEndpoint:
    "This account is a partner: list and revoke API keys with POST /api/partner/getApiTokens and /api/partner/revokeApiToken (x-auth-scheme: partner-api-oauth-token, or the partner's API key).",
  notPartnerApiTokensEndpoint:
    'Only partner accounts may use /api/partner/getApiTokens and /api/partner/revokeApiToken: use /api/integrations/org/getApiTokens and /api/integrations/org/revokeApiToken.',
  invalidRevokeBody: 'The body must be a JSON object {tokenUuid}, tokenUuid a non-empty string.',
  unknownApiToken:
    "No API key of this organisation has this tokenUuid (it may be revoked already): list the organisation's keys with getApiTokens.",
} as const

/**
 * `errorMsg`s of app registration on the API host (`/api/oauth/…`, API-key headers). A
 * body of the wrong shape is HTTP 400; a well-formed but unusable request is HTTP 200
 * with `error: true`, as Rhombus reports failures.
 */
export const rhombusApplicationErrors = {
  invalidSubmitBody:
    'The body must be a JSON object {name, description, contactEmail, redirectUri}, each a string, and no other fields.',
  invalidClientIdBody: 'The body must be a JSON object {clientId}, clientId a string.',
  invalidUpdateBody:
    'The body must be a JSON object {clientId} with any of name, description, contactEmail and redirectUri, each a string, and no other fields.',
  missingName: 'name must not be empty.',
  nameTaken:
    'An application with this name already exists in this organisation: choose another name.',
  invalidContactEmail: 'contactEmail must be an email address.',
  invalidRedirectUri:
    'redirectUri must be an absolute http(s) URL without a fragment; it is matched exactly (scheme, host, port and path).',
  unknownApplication: 'No application of this organisation has this clientId.',
} as const

/**
 * `error_description`s of dynamic client registration (RFC 7591 §3.2.2) on the oauth2
 * token host (auth-web), with `error` `invalid_client_metadata` or `invalid_redirect_uri`.
 */
export const rhombusRegistrationErrors = {
  invalidBody:
    'The registration request must be a JSON object sent with Content-Type: application/json (RFC 7591 §3.1).',
  missingRedirectUris:
    'redirect_uris is required: a non-empty array of the exact redirect URIs (RFC 7591 §2).',
  invalidRedirectUri:
    'Each redirect URI must be an absolute http(s) URL without a fragment (RFC 6749 §3.1.2); it is matched exactly, port included.',
  invalidClientName: 'client_name must be a string.',
  unsupportedAuthMethod:
    'token_endpoint_auth_method must be client_secret_basic, client_secret_post or none (a public client, issued no secret).',
  unsupportedGrantTypes: 'grant_types may only contain authorization_code and refresh_token.',
  unsupportedResponseTypes: 'response_types may only contain code.',
} as const

/**
 * `errorMsg`s and `warningMsg`s of Rhombus's Envoy integration (`initiateEnvoyOAuth`,
 * `getEnvoyIntegration`), and the texts of its Envoy callback page.
 */
export const rhombusEnvoyIntegrationErrors = {
  unsupportedAuthScheme:
    'Unsupported x-auth-scheme: this endpoint takes an API key, x-auth-scheme: api-token with x-auth-apikey.',
  missingApiKey: 'Missing x-auth-apikey: send the API key with x-auth-scheme: api-token.',
  invalidApiKey: 'Invalid API key.',
  unsupportedMediaType: 'Content-Type must be application/json.',
  invalidInitiateBody:
    'The body must be a JSON object {param, requestUrl, rhombusOrgUserUuid}, each a string or null.',
  invalidBody: 'The body must be a JSON object.',
  missingRequestUrl:
    'requestUrl is required: the absolute http(s) URL Rhombus sends the browser back to once Envoy is connected.',
  unknownOrgUser: "rhombusOrgUserUuid is not a user of the API key's organisation.",
  sandboxError: "Sandbox failure requested: param was 'sandbox-error'.",
  sandboxWarning:
    "Sandbox warning requested: param was 'sandbox-warning'. The Envoy connection can still be completed.",
  unknownCallbackState:
    'This Envoy connection request is unknown, expired or already completed. Start again from the application.',
  exchangeFailed: 'Rhombus could not exchange the Envoy authorization code.',
  envoyTokenInvalid:
    'Envoy no longer accepts the token of this Envoy integration: connect Envoy again.',
  noEnvoyIntegration: 'This organisation has no Envoy integration: connect Envoy first.',
} as const
