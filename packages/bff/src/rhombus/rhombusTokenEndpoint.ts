import type { DoorwayErrorCode, RhombusProtocol } from '@doorway/core'
import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import { BffError, type BffErrorOptions } from '../http/BffError.js'
import {
  type CallUpstream,
  parseJsonObject,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/callUpstream.js'
import type {
  ClientAuthentication,
  OAuthProvider,
  TokenEndpointResponse,
} from '../oauth/OAuthProvider.js'
import { exchangeAuthorizationCode, exchangeRefreshToken } from '../oauth/standardGrants.js'

/** The browser's half of a code exchange: what came back on the callback, plus the PKCE verifier. */
export interface RhombusCodeGrant {
  code: string
  codeVerifier: string
  redirectUri: string
}

/** What a successful Rhombus code exchange yields, in either dialect. */
export interface RhombusTokens {
  accessToken: string
  refreshToken?: string
  /** Seconds until `accessToken` expires, when Rhombus says. */
  expiresIn?: number
}

type RhombusClient = Pick<ResolvedRhombusConfig, 'authUrl' | 'clientId' | 'clientSecret'>

/**
 * Rhombus's `oauth2` token endpoint (`POST {auth-web}/oauth/token`, RFC 6749 form bodies)
 * for a client authenticating with `clientAuth`: a public client (no secret) is `none`.
 * A standard endpoint, so oauth4webapi speaks to it (see `oauth/standardGrants.ts`).
 */
export function rhombusTokenEndpoint(
  rhombus: Pick<RhombusClient, 'authUrl'>,
  clientAuth: ClientAuthentication,
): OAuthProvider {
  return {
    tokenEndpoint: `${rhombus.authUrl}/oauth/token`,
    encoding: 'form',
    clientAuth,
    name: 'Rhombus',
  }
}

/** HTTP 415 from the `oauth2` endpoint: it speaks the legacy dialect. */
const legacyAnswer = (response: UpstreamResponse) => {
  const wrongDialect =
    response.status === 415 && tokenEndpointFailure(response, undefined, 'oauth2')
  if (wrongDialect) throw wrongDialect
}

/**
 * The `legacy` dialect's token request, as in Rhombus's published PKCE guide: a JSON body
 * with camelCase fields and the client secret, sent with `x-auth-scheme: web2`.
 */
export function legacyTokenRequest(
  rhombus: RhombusClient,
  grant: RhombusCodeGrant,
): UpstreamRequest {
  return {
    url: `${rhombus.authUrl}/oauth/token`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-scheme': 'web2' },
    body: JSON.stringify({
      grantType: 'AUTHORIZATION_CODE',
      authorizationCode: grant.code,
      clientId: rhombus.clientId,
      clientSecret: rhombus.clientSecret,
      redirectUri: grant.redirectUri,
      codeVerifier: grant.codeVerifier,
      codeChallengeType: 'S256',
    }),
  }
}

/**
 * Exchanges an authorization code at Rhombus in the configured dialect. A code is single use,
 * so nothing is ever retried, with one exception: a confidential `oauth2` client that is
 * answered `invalid_client` to HTTP Basic sends the same request once more with its
 * credentials in the form (client_secret_post), as the Rhombus CLI does; a public client
 * sends `client_id` alone. In the `oauth2` dialect an answer without a refresh token is
 * refused (the CLI's login fails too).
 */
export async function exchangeRhombusCode(
  rhombus: ResolvedRhombusConfig,
  grant: RhombusCodeGrant,
  call: CallUpstream,
): Promise<RhombusTokens> {
  if (rhombus.protocol === 'legacy') {
    return processLegacyTokenResponse(await call(legacyTokenRequest(rhombus, grant)))
  }
  const exchange = (clientAuth: ClientAuthentication) =>
    exchangeAuthorizationCode(
      rhombusTokenEndpoint(rhombus, clientAuth),
      rhombus,
      grant,
      call,
      legacyAnswer,
    )
  let tokens: TokenEndpointResponse
  if (rhombus.clientSecret === undefined) {
    tokens = await exchange('none')
  } else {
    try {
      tokens = await exchange('client_secret_basic')
    } catch (error) {
      if (!(error instanceof BffError && error.code === 'invalid_client')) throw error
      tokens = await exchange('client_secret_post')
    }
  }
  if (tokens.refreshToken === undefined) {
    throw new BffError(
      'invalid_response',
      'Rhombus answered the code exchange without a refresh_token, so the session could not be kept; Doorway signs in as the Rhombus CLI does and needs one.',
    )
  }
  const result: RhombusTokens = {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
  }
  if (tokens.expiresIn !== undefined && tokens.expiresIn > 0) result.expiresIn = tokens.expiresIn
  return result
}

/**
 * Exchanges a Rhombus refresh token (`oauth2`), as Rhombus's CLI does: form
 * `grant_type=refresh_token, refresh_token, client_id` (+ `client_secret` for a
 * confidential client). Sent once: refresh tokens are single use. `invalid_grant` means the
 * sign-in is over.
 */
export function refreshRhombusTokens(
  rhombus: ResolvedRhombusConfig,
  refreshToken: string,
  call: CallUpstream,
): Promise<TokenEndpointResponse> {
  const clientAuth = rhombus.clientSecret === undefined ? 'none' : 'client_secret_post'
  return exchangeRefreshToken(
    rhombusTokenEndpoint(rhombus, clientAuth),
    rhombus,
    refreshToken,
    call,
    legacyAnswer,
  )
}

const legacyCauses: readonly [RegExp, DoorwayErrorCode][] = [
  [/redirect/i, 'redirect_uri_mismatch'],
  [/verifier|challenge|pkce/i, 'pkce_mismatch'],
  [/expire/i, 'code_expired'],
  [/scheme|web2/i, 'wrong_auth_scheme'],
  [/client/i, 'invalid_client'],
]

/**
 * The code for a legacy token failure, read from its `errorMsg` text: the causes the
 * published guide's troubleshooting names (redirect URI mismatch, PKCE, expired code, wrong
 * `x-auth-scheme`, unknown client), else `invalid_grant`.
 */
export function legacyErrorCode(message: string): DoorwayErrorCode {
  return legacyCauses.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid_grant'
}

/**
 * The tokens in a legacy token response (`{accessToken, refreshToken,
 * accessTokenExpirationSec}`), or a `BffError`. Failures (`error: true` with `errorMsg`,
 * even under HTTP 200, or any non-2xx) map by their text through {@link legacyErrorCode}.
 * The legacy guide documents no refresh, so a refresh token it sends is not kept.
 */
export function processLegacyTokenResponse(response: UpstreamResponse): RhombusTokens {
  const json = parseJsonObject(response.body)
  const failure = tokenEndpointFailure(response, json, 'legacy')
  if (failure) throw failure
  const body = json as Record<string, unknown>

  if (
    body.error === true ||
    typeof body.error === 'string' ||
    response.status < 200 ||
    response.status > 299
  ) {
    const message = [body.errorMsg, body.error, body.error_description, body.message]
      .filter((part): part is string => typeof part === 'string')
      .join(': ')
    const code = legacyErrorCode(message)
    const options: BffErrorOptions = {}
    if (message !== '') options.error_description = message
    if (typeof body.error === 'string') options.error = body.error
    throw new BffError(
      code,
      `Rhombus refused the code exchange (HTTP ${response.status})${message ? `: ${message}` : '.'}`,
      options,
    )
  }
  if (typeof body.accessToken !== 'string' || body.accessToken === '') {
    throw new BffError('invalid_response', 'The token response has no accessToken string.')
  }
  const tokens: RhombusTokens = { accessToken: body.accessToken }
  if (typeof body.accessTokenExpirationSec === 'number' && body.accessTokenExpirationSec > 0) {
    tokens.expiresIn = body.accessTokenExpirationSec
  }
  return tokens
}

const otherDialect: Record<RhombusProtocol, RhombusProtocol> = {
  oauth2: 'legacy',
  legacy: 'oauth2',
}
const sent: Record<RhombusProtocol, string> = {
  oauth2: 'the form-encoded OAuth 2.0 token request',
  legacy: 'the legacy JSON token request',
}

/**
 * The failures both dialects share, decided before the body's meaning: HTTP 415 means the
 * endpoint speaks the other dialect (`wrong_dialect`), 5xx is `upstream_unavailable`
 * (503 stays 503), and anything but a JSON object is `invalid_response`.
 */
export function tokenEndpointFailure(
  response: UpstreamResponse,
  json: Record<string, unknown> | undefined,
  protocol: RhombusProtocol,
): BffError | undefined {
  if (response.status === 415) {
    return new BffError(
      'wrong_dialect',
      `The Rhombus token endpoint refused ${sent[protocol]} with HTTP 415; it speaks the other dialect. Set RHOMBUS_PROTOCOL=${otherDialect[protocol]}.`,
    )
  }
  if (response.status >= 500) {
    const options: BffErrorOptions = {
      status: response.status === 503 ? 503 : 502,
    }
    if (typeof json?.error === 'string') options.error = json.error
    if (typeof json?.error_description === 'string')
      options.error_description = json.error_description
    return new BffError(
      'upstream_unavailable',
      `The Rhombus token endpoint answered HTTP ${response.status}.`,
      options,
    )
  }
  if (json === undefined) {
    return new BffError(
      'invalid_response',
      `The Rhombus token endpoint answered HTTP ${response.status} with a body that is not a JSON object.`,
    )
  }
  return undefined
}
