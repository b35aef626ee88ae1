import * as oauth from 'oauth4webapi'
import { BffError, type BffErrorOptions } from '../http/BffError.js'
import {
  type CallUpstream,
  parseJsonObject,
  type UpstreamRequest,
  type UpstreamResponse,
} from '../http/callUpstream.js'
import type { OAuthClient, OAuthProvider, TokenEndpointResponse } from './OAuthProvider.js'
import { type AuthorizationCodeGrant, tokenErrorCode } from './tokenRequests.js'

/** Looks at the raw answer before it is processed, to throw a provider's own error (e.g. Rhombus's 415). */
export type InspectTokenResponse = (response: UpstreamResponse) => void

/**
 * Exchanges an authorization code at a standard token endpoint (RFC 6749 §4.1.3: a form body,
 * a standard client authentication or a public client) once, never retried, with
 * oauth4webapi's `authorizationCodeGrantRequest` and `processAuthorizationCodeResponse`;
 * returns the checked tokens or throws a `BffError` (see {@link tokenGrantError}). Every
 * request goes through `call` (the BFF's timeout and size limits) with exactly the headers
 * providers document. Providers that differ (Envoy's JSON body) use the hand-written
 * request/process pairs of `tokenRequests.ts` instead.
 */
export async function exchangeAuthorizationCode(
  provider: OAuthProvider,
  client: OAuthClient,
  grant: AuthorizationCodeGrant,
  call: CallUpstream,
  inspect?: InspectTokenResponse,
): Promise<TokenEndpointResponse> {
  if (grant.redirectUri === undefined) {
    throw new Error('A standard code exchange sends redirect_uri (RFC 6749 §4.1.3).')
  }
  const { as, oauthClient, auth, options, answer } = standard(provider, client, call, inspect)
  // The browser checked the callback's state; the BFF exchanges the code it was handed.
  const callback = oauth.validateAuthResponse(
    as,
    oauthClient,
    new URLSearchParams({ code: grant.code }),
    oauth.skipStateCheck,
  )
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    oauthClient,
    auth,
    callback,
    grant.redirectUri,
    grant.codeVerifier ?? oauth.nopkce,
    options,
  )
  return answer(() => oauth.processAuthorizationCodeResponse(as, oauthClient, response))
}

/**
 * Exchanges a refresh token at a standard token endpoint once (RFC 6749 §6), as
 * {@link exchangeAuthorizationCode} does a code, with oauth4webapi's `refreshTokenGrantRequest`
 * and `processRefreshTokenResponse`. An answer without `refresh_token` keeps the one that
 * was sent.
 */
export async function exchangeRefreshToken(
  provider: OAuthProvider,
  client: OAuthClient,
  refreshToken: string,
  call: CallUpstream,
  inspect?: InspectTokenResponse,
): Promise<TokenEndpointResponse> {
  const { as, oauthClient, auth, options, answer } = standard(provider, client, call, inspect)
  const response = await oauth.refreshTokenGrantRequest(
    as,
    oauthClient,
    auth,
    refreshToken,
    options,
  )
  const tokens = await answer(() => oauth.processRefreshTokenResponse(as, oauthClient, response))
  if (tokens.refreshToken === undefined) tokens.refreshToken = refreshToken
  return tokens
}

/** oauth4webapi's view of `provider`, with every request sent through `call`. */
function standard(
  provider: OAuthProvider,
  client: OAuthClient,
  call: CallUpstream,
  inspect: InspectTokenResponse | undefined,
) {
  if (provider.encoding !== 'form' || provider.clientAuth === 'body') {
    throw new Error(`${provider.name ?? 'This provider'} is not a standard token endpoint.`)
  }
  const endpoint = new URL(provider.tokenEndpoint)
  const as: oauth.AuthorizationServer = {
    issuer: provider.issuer ?? endpoint.origin,
    token_endpoint: provider.tokenEndpoint,
  }
  const oauthClient: oauth.Client = { client_id: client.clientId }
  const secret = () => {
    if (client.clientSecret === undefined) {
      throw new Error(`${provider.clientAuth} needs a client secret; a public client uses 'none'.`)
    }
    return client.clientSecret
  }
  const auth =
    provider.clientAuth === 'client_secret_basic'
      ? oauth.ClientSecretBasic(secret())
      : provider.clientAuth === 'client_secret_post'
        ? oauth.ClientSecretPost(secret())
        : oauth.None()
  let upstream: UpstreamResponse | undefined
  const options = {
    // The BFF checks its configured URLs; plain http is for the sandbox on loopback.
    [oauth.allowInsecureRequests]: endpoint.protocol === 'http:',
    [oauth.customFetch]: async (url: string, init: RequestInit) => {
      const sent = new Headers(init.headers)
      // The headers providers document, exactly (no charset parameter, no user-agent).
      const request: UpstreamRequest = {
        url,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(sent.has('authorization') && { authorization: sent.get('authorization') as string }),
        },
        body: String(init.body),
      }
      upstream = await call(request)
      inspect?.(upstream)
      if (upstream.status >= 500) throw unavailable(provider, upstream)
      return new Response(upstream.body === '' ? null : upstream.body, {
        status: upstream.status,
        headers: upstream.contentType ? { 'content-type': upstream.contentType } : {},
      })
    },
  }
  const answer = async (process: () => Promise<oauth.TokenEndpointResponse>) => {
    try {
      return tokensOf(await process())
    } catch (error) {
      throw tokenGrantError(provider, error, upstream)
    }
  }
  return { as, oauthClient, auth, options, answer }
}

function tokensOf(json: oauth.TokenEndpointResponse): TokenEndpointResponse {
  const tokens: TokenEndpointResponse = {
    accessToken: json.access_token,
    tokenType: json.token_type,
    parameters: json,
  }
  if (typeof json.expires_in === 'number') tokens.expiresIn = json.expires_in
  if (typeof json.refresh_token === 'string' && json.refresh_token !== '') {
    tokens.refreshToken = json.refresh_token
  }
  const refreshExpiresIn = json.refresh_token_expires_in
  if (typeof refreshExpiresIn === 'number' && refreshExpiresIn >= 0) {
    tokens.refreshTokenExpiresIn = refreshExpiresIn
  }
  if (typeof json.scope === 'string') tokens.scope = json.scope
  return tokens
}

const endpointName = (provider: Pick<OAuthProvider, 'name'>) => {
  const name = provider.name ?? 'the provider'
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}'s token endpoint`
}

/** A 5xx: the provider's trouble, whatever its body (503 stays 503). */
function unavailable(provider: OAuthProvider, response: UpstreamResponse): BffError {
  const json = parseJsonObject(response.body)
  const options: BffErrorOptions = { status: response.status === 503 ? 503 : 502 }
  if (typeof json?.error === 'string') options.error = json.error
  if (typeof json?.error_description === 'string')
    options.error_description = json.error_description
  return new BffError(
    'upstream_unavailable',
    `${endpointName(provider)} answered HTTP ${response.status}.`,
    options,
  )
}

/**
 * oauth4webapi's verdict as a `BffError`: an RFC 6749 §5.2 error body becomes its code
 * (`invalid_grant`, `invalid_client`, ...) with `error` and `error_description` kept; a
 * response that is not a conforming token response (not JSON, no string `access_token` or
 * `token_type`, a `token_type` other than Bearer, ...) is `invalid_response`.
 */
export function tokenGrantError(
  provider: Pick<OAuthProvider, 'name'>,
  error: unknown,
  upstream: UpstreamResponse | undefined,
): BffError {
  if (error instanceof BffError) return error
  if (error instanceof oauth.ResponseBodyError) {
    const spec: BffErrorOptions = { error: error.error, cause: error }
    if (error.error_description !== undefined) spec.error_description = error.error_description
    const described = error.error_description ? ` (${error.error_description})` : ''
    return new BffError(
      tokenErrorCode(error.error),
      `${endpointName(provider)} refused the request: ${error.error}${described}.`,
      spec,
    )
  }
  if (
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError
  ) {
    const status = upstream ? ` (HTTP ${upstream.status})` : ''
    return new BffError(
      'invalid_response',
      `${endpointName(provider)} answered${status} with something that is not a token response: ${error.message}.`,
      { cause: error },
    )
  }
  throw error
}
