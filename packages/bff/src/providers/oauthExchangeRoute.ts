import type { ProviderConnection } from '@doorway/core'
import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { authorizationCodeGrantRequest } from '../oauth/authorizationCodeGrantRequest.js'
import { codeVerifierSyntax, isCodeVerifier } from '../oauth/isCodeVerifier.js'
import { oauthPendingStates } from '../oauth/pendingStates.js'
import { processAuthorizationCodeResponse } from '../oauth/processAuthorizationCodeResponse.js'
import { requireSession } from '../session/requireSession.js'
import { summarizeStoredConnection } from './ConnectionSummary.js'
import { connectionFromTokens } from './connectionFromTokens.js'
import { findOAuthProvider } from './findOAuthProvider.js'
import { parseOAuthExchangeRequest } from './OAuthExchangeRequest.js'

/**
 * `POST /auth/:provider/exchange` `{code, codeVerifier?, redirectUri, state}` →
 * `ProviderConnection`, for every provider of `config.oauthProviders` (Envoy included).
 * Before any upstream call it checks the session, the body, the redirect URI (exactly the
 * configured one), the verifier (required, in RFC 7636 syntax, iff the provider takes
 * PKCE) and the `state` (one this session registered with `POST /auth/:provider/state`,
 * used up here: see {@link oauthPendingStates}); then it redeems the code once at the provider's token endpoint (never retried:
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
