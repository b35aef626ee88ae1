/**
 * Every error text the Versori sandbox sends, kept stable so the BFF's error mapping and
 * the browser tests can be checked against them. API errors are Versori's `Error` object
 * `{code, message, fields?, details?}`; `fields[].message` texts are in
 * {@link versoriFieldErrors}.
 */

/** `message`s of the Versori API errors (the `code` is given beside each use). */
export const versoriErrors = {
  missingToken: 'Authorization: Bearer <token> is required.',
  invalidToken: 'Invalid bearer token.',
  unsupportedMediaType: 'Content-Type must be application/json.',
  invalidBody: 'The body must be a JSON object.',
  invalidRequest: 'The request body is invalid: see fields.',
  hubNotFound: 'Hub not found.',
  connectorNotInHub: 'Connector not found in this hub.',
  connectorNotInOrganisation: 'Connector not found in this organisation.',
  credentialNotFound: 'Credential not found in this organisation.',
  clientIdMismatch:
    "clientId does not match the client ID stored in the credential, so the redirect could not be handled. Send the credential's own client ID.",
  parameterConflict:
    'additionalParams must not set redirect_uri, state, prompt, scope, response_type or client_id: Versori adds those itself.',
  authorizeUrlConflict:
    'authorizeUrl must not already carry redirect_uri, state, prompt, scope, response_type or client_id in its query: Versori adds those itself.',
  unsupportedIdentifierType:
    'identifier_type must be external: the sandbox addresses end users by their external id.',
  invalidState:
    'The state is unknown, expired or already used: only a URL built by oauth2/initialise can complete a connection, and only once.',
  stateMismatch: 'The state was issued for another connector or hub.',
  unsupportedProvider:
    "The sandbox's Versori exchanges codes only for authorize URLs of the sandbox's own Envoy (…/envoy/app/a/auth/v0/authorize on this origin).",
  exchangeFailed:
    'The OAuth 2.0 provider refused the authorization code; its answer is in details.',
  connectionNameTaken:
    'This end user already has a connection with this name for this connector: names are unique within a connector.',
  endUserNotFound: 'End user not found in this hub.',
  notFound:
    'Not found: the sandbox emulates only these documented Versori routes: POST /api/embedded/v1/embed/{hub_id}/connector/{connector_id}/oauth2/initialise, POST /api/connect/v1/o/{organisation_id}/connectors/{connector_id}/oauth2/initialise, POST and GET /api/embedded/v1/hubs/{hub_id}/users/{user_id}/connections, DELETE /api/embedded/v1/hubs/{hub_id}/users/{user_id} (and the OAuth callback page). This request is recorded as a violation (GET /__sandbox/versori/violations).',
  callbackInvalidState:
    'This sign-in is unknown or has expired: close this window and start again from the application.',
} as const

/** `fields[].message`s of a `400 invalid_request`. */
export const versoriFieldErrors = {
  required: 'is required',
  string: 'must be a non-empty string',
  url: 'must be an absolute http(s) URL',
  boolean: 'must be a boolean',
  array: 'must be an array',
  scope: 'must be a non-empty string without spaces',
  object: 'must be an object',
  credentialType: 'must be oauth2-code',
  schemeType: 'must be oauth2 (AuthSchemeConfigOAuth2)',
  ulid: 'must be a ULID',
  text: 'must be a string',
  oauth2Scopes: 'must be an array of OAuth2Scope objects {name, description?}',
  stringArray: 'must be an array of strings',
  grantType:
    'must be an AuthSchemeConfigOAuth2Grant whose grantType is authorization_code, client_credentials or password',
  oneCredential: 'must hold exactly one oauth2-code credential',
} as const
