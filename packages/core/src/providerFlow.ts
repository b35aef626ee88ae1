import { AuthorizationResponseError, validateAuthResponse } from 'oauth4webapi'
import { buildAuthorizeUrl, createPKCE, providerDialects } from './authorizeRequest.js'
import type { BffClient } from './bffClient.js'
import { type CallbackParams, callbackParams } from './callback.js'
import type { Flow } from './doorwayClient.js'
import { DoorwayError, isDoorwayError, providerError } from './errors.js'
import type { Transaction } from './transactionStore.js'
import type {
  ProviderConnection,
  ProviderExchangeRequest,
  ProviderPublicConfig,
  ProviderStateRequest,
} from './wire.js'

type Client = Pick<BffClient, 'request'>

/**
 * Binds an authorization attempt's `state` to the signed-in session on the server
 * (`POST {baseUrl}/auth/<provider>/state` with `{"state": "…"}`), before the user is sent to
 * the provider. The BFF then exchanges a code only with a state it has bound for this session,
 * once: for a provider without PKCE (Envoy) that is the only defence against a callback the
 * user did not start (CSRF, [RFC 9700 §4.7](https://www.rfc-editor.org/rfc/rfc9700#section-4.7)).
 * Resolves on any 2xx answer, `204 No Content` included. {@link providerFlow} calls it for
 * every attempt; `client` is a BFF or Doorway client.
 * @throws {DoorwayError} the BFF's code, e.g. `unauthenticated` without a session.
 *
 * @example
 * await bindState(client, 'envoy', attempt.state)
 */
export async function bindState(client: Client, provider: string, state: string): Promise<void> {
  const body: ProviderStateRequest = { state }
  try {
    await client.request('POST', `/auth/${encodeURIComponent(provider)}/state`, body)
  } catch (e) {
    // The BFF client reads every answer as JSON; here, and only here, no content is the answer.
    if (!(isDoorwayError(e, 'invalid_response') && e.status === 204)) throw e
  }
}

/**
 * An OAuth provider the BFF serves, as a {@link Flow} of id `provider` (back on
 * `/oauth/callback/<provider>`). Start: its configuration from the BFF's `GET /config`
 * (`providers.<provider>`), built in the standard dialect by {@link buildAuthorizeUrl}
 * (form-encoded: spaces in the scope become `+`), with PKCE when the configuration asks for
 * it; the issuer, if any, is kept for the callback's `iss` check. The attempt's state is
 * first bound to the session on the server ({@link bindState}): the BFF exchanges no code
 * without it, which is what protects a provider without PKCE (Envoy). Finish: see
 * {@link exchangeProviderCode}; its data is the BFF's answer (passed through `then` when given,
 * e.g. to tell listeners).
 * @throws {DoorwayError} `not_configured` when the BFF serves no such provider; the BFF's
 * code (e.g. `unauthenticated`) when it refuses the state.
 *
 * @example
 * // GET /bff/config → { providers: { acme: { clientId, authorizeUrl, scope, redirectUri, pkce: true } } }
 * const acme = providerFlow('acme')
 * const client = createDoorwayClient({ flows: [rhombusSignIn, acme] })
 * const result = await client.authorize(acme, { mode: 'popup' })
 */
export function providerFlow<T = ProviderConnection>(
  provider: string,
  then: (connection: ProviderConnection) => T = (connection) => connection as T,
): Flow<T> {
  return {
    id: provider,
    async start({ state }, client) {
      const c = (await client.getConfig()).providers[provider] as ProviderPublicConfig | undefined
      if (!c) {
        throw new DoorwayError('not_configured', `The BFF serves no provider "${provider}".`)
      }
      await bindState(client, provider, state)
      const pkce = c.pkce ? await createPKCE() : undefined
      const { href } = buildAuthorizeUrl(
        c.authorizeUrl,
        providerDialects[pkce ? 'pkce' : 'plain'],
        { ...c, state, codeChallenge: pkce?.codeChallenge },
      )
      return {
        url: href,
        redirectUri: c.redirectUri,
        codeVerifier: pkce?.codeVerifier,
        issuer: c.issuer,
      }
    },
    finish: async (callback, tx, bff) => ({
      data: then(await exchangeProviderCode(callback, tx, bff)),
    }),
  }
}

/**
 * Finishes a callback of an OAuth provider (`providerFlow`): validates the authorization response
 * (`iss`, `state`, errors; see {@link validateAuthorizationResponse}) before any network
 * call, then sends the code once to the BFF's `POST /auth/<provider>/exchange` and resolves
 * with its answer. The BFF adds the client secret and keeps the tokens.
 */
async function exchangeProviderCode(
  callback: CallbackParams,
  tx: Transaction,
  bff: Client,
): Promise<ProviderConnection> {
  validateAuthorizationResponse(callback, tx)
  if (!callback.code) throw new DoorwayError('invalid_callback')
  const body: ProviderExchangeRequest = {
    code: callback.code,
    codeVerifier: tx.codeVerifier,
    redirectUri: tx.redirectUri!,
    state: tx.state,
  }
  return bff.request('POST', `/auth/${tx.flow}/exchange`, body)
}

// Stands in for the issuer when none is configured: any `iss` then differs from it.
const noIssuer = 'urn:doorway:no-issuer-configured'

const issHint =
  'The authorization response came from an unexpected issuer. Check the provider URLs and its configured issuer.'

/**
 * Checks an authorization response against the transaction it finishes, with oauth4webapi's
 * `validateAuthResponse`, before anything is sent:
 * - `iss` ([RFC 9207 §2.4](https://www.rfc-editor.org/rfc/rfc9207#section-2.4)): when the
 *   transaction expects an issuer, `iss` must be present and equal to it; when it expects
 *   none, an `iss` cannot be checked and is refused. Either way → `iss_mismatch`.
 * - `state` equal to the transaction's (the callback mechanism checked it already) →
 *   else `state_mismatch`.
 * - an error response ([RFC 6749 §4.1.2.1](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1))
 *   → a {@link DoorwayError} with the provider's `error`, `error_description` and `error_uri`.
 * @throws {DoorwayError}
 */
function validateAuthorizationResponse(callback: CallbackParams, tx: Transaction): void {
  const parameters = new URLSearchParams()
  for (const key of callbackParams) {
    const value = callback[key]
    if (value !== undefined) parameters.set(key, value)
  }
  try {
    validateAuthResponse(
      {
        issuer: tx.issuer ?? noIssuer,
        authorization_response_iss_parameter_supported: tx.issuer !== undefined,
      },
      { client_id: tx.flow },
      parameters,
      tx.state,
    )
  } catch (cause) {
    if (cause instanceof AuthorizationResponseError) {
      throw providerError(cause.error, { ...callback, cause })
    }
    const { message } = cause as Error
    if (message.includes('"iss"')) {
      throw new DoorwayError('iss_mismatch', issHint, { cause, hint: issHint })
    }
    throw new DoorwayError(
      message.includes('"state"') ? 'state_mismatch' : 'invalid_callback',
      message,
      {
        cause,
      },
    )
  }
}

/**
 * Reads the signed-in user's stored connection to an OAuth provider
 * (`GET {baseUrl}/connections/<provider>`; no call to the provider).
 *
 * @example
 * const { status } = await getProviderConnection(client, 'acme')
 */
export function getProviderConnection(
  client: Client,
  provider: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<ProviderConnection> {
  return client.request('GET', `/connections/${encodeURIComponent(provider)}`, undefined, signal)
}

/**
 * Forgets the signed-in user's tokens of an OAuth provider
 * (`POST {baseUrl}/connections/<provider>/disconnect`; the BFF sends no revocation request).
 *
 * @example
 * await disconnectProvider(client, 'acme')
 */
export function disconnectProvider(client: Client, provider: string): Promise<ProviderConnection> {
  return client.request('POST', `/connections/${encodeURIComponent(provider)}/disconnect`)
}
