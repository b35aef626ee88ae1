import type { ProviderConnection } from '@doorway/core'
import type { ProviderExchangeRequest } from '@doorway/core/wire'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject, readJsonBody } from '../http/readJsonBody.js'
import type { TokenEndpointResponse } from '../oauth/OAuthProvider.js'
import { oauthPendingStates } from '../oauth/pendingStates.js'
import {
  authorizationCodeGrantRequest,
  codeVerifierSyntax,
  isCodeVerifier,
  processAuthorizationCodeResponse,
} from '../oauth/tokenRequests.js'
import { requireSession } from '../session/Session.js'
import type { ConnectedConnection, StoredConnection } from '../store/CredentialStore.js'
import { findOAuthProvider } from './ResolvedOAuthProvider.js'

/**
 * `POST /auth/:provider/exchange` `{code, codeVerifier?, redirectUri, state}` →
 * `ProviderConnection`, for every provider of `config.oauthProviders` (Envoy included).
 * Before any upstream call it checks the session, the body, the redirect URI (exactly the
 * configured one), the verifier (required, in RFC 7636 syntax, iff the provider takes
 * PKCE) and the `state` (one this session registered with `POST /auth/:provider/state`,
 * used up here: see {@link oauthPendingStates}); then it exchanges the code once at the provider's token endpoint (never retried:
 * SECURITY 18), checks the response (SECURITY 19) and stores the connection for the
 * signed-in user under the provider's id, encrypted. The answer carries no token. Nothing
 * is stored unless the exchange succeeds.
 */
export function oauthExchangeRoute({ config, callUpstream }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const lookup = findOAuthProvider(config, c)
    const session = requireSession(c, `connecting ${lookup.name}`)
    const provider = lookup.require()
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseOAuthExchangeRequest(value)
    if (request.redirectUri !== provider.redirectUri) {
      throw new BffError(
        'redirect_uri_mismatch',
        `redirectUri "${request.redirectUri}" is not the configured ${provider.name} redirect URI "${provider.redirectUri}".`,
      )
    }
    if (provider.pkce) {
      if (request.codeVerifier === undefined) {
        throw new BffError(
          'bad_request',
          `"codeVerifier" is required: ${provider.name} uses PKCE (RFC 7636).`,
        )
      }
      if (!isCodeVerifier(request.codeVerifier)) {
        throw new BffError('bad_request', codeVerifierSyntax)
      }
    } else if (request.codeVerifier !== undefined) {
      throw new BffError(
        'bad_request',
        `"codeVerifier" is not accepted: ${provider.name} does not use PKCE.`,
      )
    }

    // Before any token request: the state must be one this session bound (SECURITY 26).
    if (
      request.state === undefined ||
      !(await oauthPendingStates.take(config.store, request.state, session.id))
    ) {
      throw new BffError(
        'state_mismatch',
        request.state === undefined
          ? `"state" is required: it must be the state this session registered for ${provider.name} (POST /auth/${provider.id}/state).`
          : `The state is not one this session registered for ${provider.name} (unknown, expired, already used or another session's).`,
      )
    }
    const tokens = processAuthorizationCodeResponse(
      provider,
      await callUpstream(
        authorizationCodeGrantRequest(provider, provider, {
          code: request.code,
          redirectUri: provider.sendRedirectUri ? provider.redirectUri : undefined,
          codeVerifier: request.codeVerifier,
        }),
      ),
    )
    const echoed = tokens.parameters.state
    if (typeof echoed === 'string' && echoed !== request.state) {
      throw new BffError(
        'state_mismatch',
        `${provider.name} echoed a state other than the one sent.`,
      )
    }
    const connection = connectionFromTokens(tokens, {
      provider: provider.id,
      userId: session.userId,
      requestedScopes: provider.scopes,
      ...(provider.accountParameter ? { accountParameter: provider.accountParameter } : {}),
      now: Date.now(),
    })
    await config.store.putConnection(connection)
    return c.json(summarizeStoredConnection(connection) satisfies ProviderConnection)
  }
}

/**
 * A {@link ProviderExchangeRequest} whose `state` may be missing: the exchange route answers
 * that with `state_mismatch`, after the checks that come first.
 */
export type ParsedOAuthExchange = Omit<ProviderExchangeRequest, 'state'> & { state?: string }

/**
 * Checks `body` (`POST /auth/<provider>/exchange`) against {@link ProviderExchangeRequest}'s
 * types (400 `bad_request` naming the field otherwise); whether `codeVerifier` belongs is
 * the provider's to say, whether `state` was bound the route's.
 */
export function parseOAuthExchangeRequest(body: unknown): ParsedOAuthExchange {
  const fields = parseBodyObject(body)
  const request: ParsedOAuthExchange = {
    code: fields.string('code', { maxLength: 2048 }),
    redirectUri: fields.string('redirectUri', { maxLength: 2048 }),
  }
  const codeVerifier = fields.optionalString('codeVerifier', { maxLength: 128 })
  if (codeVerifier !== undefined) request.codeVerifier = codeVerifier
  const state = fields.optionalString('state', { maxLength: 2048 })
  if (state !== undefined) request.state = state
  return request
}

/** What {@link connectionFromTokens} needs besides the tokens. */
export interface ConnectionTokenContext {
  /** The provider id the connection is stored under. */
  provider: string
  userId: string
  /** The scopes asked for: the connection's scopes when the provider does not say which it granted. */
  requestedScopes: readonly string[]
  /** The token response member naming the provider's account (Envoy: `company_id`), kept as `companyId`. */
  accountParameter?: string
  /** The connection being refreshed, whose facts carry over when the provider does not repeat them. */
  previous?: ConnectedConnection
  now: number
}

/**
 * The stored form of a token response (exchange or refresh): tokens, scopes, the account
 * (a string; numbers are accepted and written as one), and expiries turned into epoch
 * milliseconds. Other members (e.g. an `id_token`) are not kept.
 */
export function connectionFromTokens(
  tokens: TokenEndpointResponse,
  context: ConnectionTokenContext,
): ConnectedConnection {
  const { previous, now } = context
  const connection: ConnectedConnection = {
    userId: context.userId,
    provider: context.provider,
    via: 'direct',
    status: 'connected',
    scopes: tokens.scope?.split(' ').filter(Boolean) ??
      previous?.scopes ?? [...context.requestedScopes],
    accessToken: tokens.accessToken,
    updatedAt: now,
  }
  const account =
    context.accountParameter === undefined ? undefined : tokens.parameters[context.accountParameter]
  if (typeof account === 'string' && account !== '') connection.companyId = account
  else if (typeof account === 'number') connection.companyId = String(account)
  else if (previous?.companyId !== undefined) connection.companyId = previous.companyId
  if (tokens.refreshToken !== undefined) connection.refreshToken = tokens.refreshToken
  if (tokens.expiresIn !== undefined) connection.expiresAt = now + tokens.expiresIn * 1000
  if (tokens.refreshTokenExpiresIn !== undefined) {
    connection.refreshExpiresAt = now + tokens.refreshTokenExpiresIn * 1000
  } else if (previous?.refreshToken === tokens.refreshToken && previous?.refreshExpiresAt) {
    connection.refreshExpiresAt = previous.refreshExpiresAt
  }
  return connection
}

/**
 * The browser's view of a stored connection (the answer of `POST /auth/<provider>/exchange`,
 * `GET /connections/<provider>` and `POST /connections/<provider>/disconnect`), field by
 * field so no token slips in.
 */
export function summarizeStoredConnection(
  stored: StoredConnection | undefined,
): ProviderConnection {
  if (stored === undefined) return { status: 'disconnected', via: 'direct' }
  const summary: ProviderConnection = { status: stored.status, via: 'direct' }
  if (stored.companyId !== undefined) summary.companyId = stored.companyId
  summary.scopes = [...stored.scopes]
  if (stored.status === 'connected') {
    if (stored.expiresAt !== undefined) summary.expiresAt = stored.expiresAt
  } else {
    summary.reason = stored.reason
  }
  return summary
}
