import { oauthErrorCodes } from '@doorway/core/wire'
import { BffError, type BffErrorCode, type BffErrorOptions } from '../http/BffError.js'
import {
  parseJsonObject,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/callUpstream.js'
import type { OAuthClient, OAuthProvider, TokenEndpointResponse } from './OAuthProvider.js'

/**
 * A token request for any grant: the grant's `parameters` in their order, then the client
 * credentials as `provider.clientAuth` says (in the body after the grant's parameters, or
 * as HTTP Basic; never both; a public client's `client_id` alone), encoded as `provider.encoding` says. `Accept: application/json`
 * always. Members whose value is `undefined` are left out.
 */
export function tokenEndpointRequest(
  provider: OAuthProvider,
  client: OAuthClient,
  parameters: Readonly<Record<string, string | undefined>>,
): UpstreamRequest {
  const fields: [string, string][] = Object.entries(parameters).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  )
  const headers: Record<string, string> = {
    'content-type':
      provider.encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (provider.clientAuth === 'none') {
    fields.push(['client_id', client.clientId])
  } else if (client.clientSecret === undefined) {
    throw new Error(`${provider.clientAuth} needs a client secret; a public client uses 'none'.`)
  } else if (provider.clientAuth === 'client_secret_basic') {
    headers.authorization = clientSecretBasic(client.clientId, client.clientSecret)
  } else {
    fields.push(['client_id', client.clientId], ['client_secret', client.clientSecret])
  }
  const body =
    provider.encoding === 'json'
      ? JSON.stringify(Object.fromEntries(fields))
      : new URLSearchParams(fields).toString()
  return { url: provider.tokenEndpoint, method: 'POST', headers, body }
}

/** RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded. */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}

/**
 * The `Authorization` header value for `client_secret_basic`
 * ([RFC 6749 §2.3.1](https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1)).
 */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  return `Basic ${btoa(`${formEncode(clientId)}:${formEncode(clientSecret)}`)}`
}

/** What exchanges an authorization code: the code, and what the authorize request carried. */
export interface AuthorizationCodeGrant {
  code: string
  /** Sent as `redirect_uri` when given: required when the authorize request carried one (RFC 6749 §4.1.3). */
  redirectUri?: string
  /** Sent as `code_verifier` when given (PKCE, RFC 7636 §4.5). */
  codeVerifier?: string
}

/**
 * The `authorization_code` token request
 * ([RFC 6749 §4.1.3](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3)): `grant_type`,
 * `code`, then `redirect_uri` and `code_verifier` when given, then the client credentials.
 * Send it once: a code is single use, so the BFF never retries this request.
 * Pair with {@link processAuthorizationCodeResponse}.
 */
export function authorizationCodeGrantRequest(
  provider: OAuthProvider,
  client: OAuthClient,
  grant: AuthorizationCodeGrant,
): UpstreamRequest {
  return tokenEndpointRequest(provider, client, {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  })
}

/**
 * The tokens in the answer to {@link authorizationCodeGrantRequest}, or a `BffError`
 * (see {@link processTokenEndpointResponse}). Whatever it throws, do not send the code again.
 */
export function processAuthorizationCodeResponse(
  provider: Pick<OAuthProvider, 'name'>,
  response: UpstreamResponse,
): TokenEndpointResponse {
  return processTokenEndpointResponse(provider, response)
}

/**
 * The `refresh_token` token request
 * ([RFC 6749 §6](https://www.rfc-editor.org/rfc/rfc6749#section-6)): `grant_type`,
 * `refresh_token`, `scope` when given, then the client credentials.
 * Pair with {@link processRefreshTokenResponse}.
 */
export function refreshTokenGrantRequest(
  provider: OAuthProvider,
  client: OAuthClient,
  refreshToken: string,
  options: { scope?: string } = {},
): UpstreamRequest {
  return tokenEndpointRequest(provider, client, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    scope: options.scope,
  })
}

/**
 * The tokens in the answer to {@link refreshTokenGrantRequest}, or a `BffError` (see
 * {@link processTokenEndpointResponse}); `invalid_grant` means the refresh token is no
 * longer good (revoked, expired or already rotated). A response without `refresh_token`
 * keeps the one that was sent (RFC 6749 §6), so it is filled in here.
 */
export function processRefreshTokenResponse(
  provider: Pick<OAuthProvider, 'name'>,
  response: UpstreamResponse,
  sentRefreshToken: string,
): TokenEndpointResponse {
  const tokens = processTokenEndpointResponse(provider, response)
  if (tokens.refreshToken === undefined) tokens.refreshToken = sentRefreshToken
  return tokens
}

/**
 * Checks a token endpoint's answer to any grant and returns its tokens, or throws a
 * `BffError`:
 * - 5xx → `upstream_unavailable` (503 stays 503), the provider's `error` kept;
 * - a body that is not a JSON object → `invalid_response`;
 * - an `error` member → its RFC 6749 §5.2 code (see {@link tokenErrorCode}), `error` and
 *   `error_description` kept;
 * - another non-2xx status → `invalid_response`;
 * - no non-empty string `access_token`, a `token_type` other than Bearer, or a non-numeric
 *   `expires_in` / `refresh_token_expires_in`, or a non-string `refresh_token` / `scope` →
 *   `invalid_response` (RFC 6749 §5.1).
 */
export function processTokenEndpointResponse(
  provider: Pick<OAuthProvider, 'name'>,
  response: UpstreamResponse,
): TokenEndpointResponse {
  const name = provider.name ?? 'the provider'
  const endpoint = `${name.charAt(0).toUpperCase()}${name.slice(1)}'s token endpoint`
  const json = parseJsonObject(response.body)
  const spec: BffErrorOptions = {}
  if (typeof json?.error === 'string') spec.error = json.error
  if (typeof json?.error_description === 'string') spec.error_description = json.error_description

  if (response.status >= 500) {
    throw new BffError('upstream_unavailable', `${endpoint} answered HTTP ${response.status}.`, {
      ...spec,
      status: response.status === 503 ? 503 : 502,
    })
  }
  if (json === undefined) {
    throw new BffError(
      'invalid_response',
      `${endpoint} answered HTTP ${response.status} with a body that is not a JSON object.`,
    )
  }
  if (spec.error !== undefined) {
    const described = spec.error_description ? ` (${spec.error_description})` : ''
    throw new BffError(
      tokenErrorCode(spec.error),
      `${endpoint} refused the request: ${spec.error}${described}.`,
      spec,
    )
  }
  if (response.status < 200 || response.status > 299) {
    throw new BffError(
      'invalid_response',
      `${endpoint} answered HTTP ${response.status} without an error code.`,
    )
  }

  const invalid = (what: string) =>
    new BffError('invalid_response', `The token response of ${name} ${what}.`)
  const { access_token, token_type, expires_in, refresh_token, refresh_token_expires_in, scope } =
    json
  if (typeof access_token !== 'string' || access_token === '') {
    throw invalid('has no access_token string')
  }
  if (
    token_type !== undefined &&
    (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer')
  ) {
    throw invalid('has a token_type other than Bearer')
  }
  const seconds = (value: unknown, member: string): number | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalid(`has a ${member} that is not a number of seconds`)
    }
    return value
  }
  const text = (value: unknown, member: string): string | undefined => {
    if (value === undefined || value === null) return undefined
    if (typeof value !== 'string') throw invalid(`has a ${member} that is not a string`)
    return value
  }

  const tokens: TokenEndpointResponse = { accessToken: access_token, parameters: json }
  if (token_type !== undefined) tokens.tokenType = token_type
  const expiresIn = seconds(expires_in, 'expires_in')
  if (expiresIn !== undefined) tokens.expiresIn = expiresIn
  const refreshToken = text(refresh_token, 'refresh_token')
  if (refreshToken !== undefined && refreshToken !== '') tokens.refreshToken = refreshToken
  const refreshExpiresIn = seconds(refresh_token_expires_in, 'refresh_token_expires_in')
  if (refreshExpiresIn !== undefined) tokens.refreshTokenExpiresIn = refreshExpiresIn
  const granted = text(scope, 'scope')
  if (granted !== undefined) tokens.scope = granted
  return tokens
}

// RFC 6749's codes (§5.2, §4.1.2.1), which the BFF passes through by name.
const standardCodes = new Set<string>(oauthErrorCodes)

/**
 * The BFF code for a token endpoint's `error`
 * ([RFC 6749 §5.2](https://www.rfc-editor.org/rfc/rfc6749#section-5.2)): the same code for
 * the standard ones, `upstream_error` for anything else (the caller keeps `error` as sent).
 */
export function tokenErrorCode(error: string): BffErrorCode {
  return standardCodes.has(error) ? (error as BffErrorCode) : 'upstream_error'
}

/**
 * Checks the `iss` of an authorization response
 * ([RFC 9207 §2.4](https://www.rfc-editor.org/rfc/rfc9207#section-2.4)) before its code is
 * exchanged: when the provider has an `issuer` and `iss` is present, they must be equal
 * (simple string comparison), else 400 `iss_mismatch`. With `required`, a missing `iss` is
 * refused too (for servers that advertise `authorization_response_iss_parameter_supported`).
 */
export function validateIssuer(
  provider: Pick<OAuthProvider, 'issuer' | 'name'>,
  iss: string | null | undefined,
  options: { required?: boolean } = {},
): void {
  if (provider.issuer === undefined) return
  if (iss === undefined || iss === null) {
    if (options.required) {
      throw new BffError('iss_mismatch', 'The authorization response carries no iss parameter.')
    }
    return
  }
  if (iss !== provider.issuer) {
    throw new BffError(
      'iss_mismatch',
      `The authorization response came from issuer "${iss}", not from ${provider.name ?? 'the provider'} ("${provider.issuer}").`,
    )
  }
}

const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/

/** True for a PKCE `code_verifier` ([RFC 7636 §4.1](https://www.rfc-editor.org/rfc/rfc7636#section-4.1)): 43–128 unreserved characters. */
export function isCodeVerifier(value: string): boolean {
  return codeVerifierPattern.test(value)
}

/** The problem detail for a `codeVerifier` that {@link isCodeVerifier} refuses. */
export const codeVerifierSyntax =
  '"codeVerifier" must be 43–128 characters of A–Z, a–z, 0–9, "-", ".", "_", "~" (RFC 7636).'
