import type { BffClient } from '../bffClient.js'
import type { Flow } from '../doorwayClient.js'
import { DoorwayError, isDoorwayError } from '../errors.js'
import { createPKCE } from '../pkce.js'
import { buildAuthorizeUrl } from '../providers/dialect.js'
import { type StandardProviderConfig, standardDialects } from '../providers/standard.js'
import type { ProviderConnection } from './ProviderConnection.js'
import { redeemStandard } from './redeemStandard.js'

/** The body of `POST {baseUrl}/auth/<provider>/state`. */
export interface BindStateRequest {
  /** The attempt's state, as it will be sent to the provider (base64url, 256 bits). */
  state: string
}

/**
 * Binds an authorization attempt's `state` to the signed-in session on the server
 * (`POST {baseUrl}/auth/<provider>/state` with `{"state": "…"}`), before the user is sent to
 * the provider. The BFF then redeems a code only with a state it has bound for this session,
 * once: for a provider without PKCE (Envoy) that is the only defence against a callback the
 * user did not start (CSRF, [RFC 9700 §4.7](https://www.rfc-editor.org/rfc/rfc9700#section-4.7)).
 * Resolves on any 2xx answer, `204 No Content` included. {@link standardFlow} calls it for
 * every attempt; `client` is a BFF or Doorway client.
 * @throws {DoorwayError} the BFF's code, e.g. `unauthenticated` without a session.
 *
 * @example
 * await bindState(client, 'envoy', attempt.state)
 */
export async function bindState(
  client: Pick<BffClient, 'request'>,
  provider: string,
  state: string,
): Promise<void> {
  const body: BindStateRequest = { state }
  try {
    await client.request('POST', `/auth/${encodeURIComponent(provider)}/state`, body)
  } catch (e) {
    // The BFF client reads every answer as JSON; here, and only here, no content is the answer.
    if (!(isDoorwayError(e, 'invalid_response') && e.status === 204)) throw e
  }
}

/**
 * A standards-based provider the BFF serves, as a {@link Flow} of id `provider` (back on
 * `/oauth/callback/<provider>`). Start: its configuration from the BFF's `GET /config`
 * (`providers.<provider>`), built in the standard dialect by {@link buildAuthorizeUrl}
 * (form-encoded: spaces in the scope become `+`), with PKCE when the configuration asks for
 * it; the issuer, if any, is kept for the callback's `iss` check. The attempt's state is
 * first bound to the session on the server ({@link bindState}): the BFF redeems no code
 * without it, which is what protects a provider without PKCE (Envoy). Finish: see
 * {@link redeemStandard}; its data is the BFF's answer (passed through `then` when given,
 * e.g. to tell listeners).
 * @throws {DoorwayError} `not_configured` when the BFF serves no such provider; the BFF's
 * code (e.g. `unauthenticated`) when it refuses the state.
 *
 * @example
 * // GET /bff/config → { providers: { acme: { clientId, authorizeUrl, scope, redirectUri, pkce: true } } }
 * const acme = standardFlow('acme')
 * const client = createDoorwayClient({ flows: [rhombusSignIn, acme] })
 * const result = await client.authorize(acme, { mode: 'popup' })
 */
export function standardFlow<T = ProviderConnection>(
  provider: string,
  then: (connection: ProviderConnection) => T = (connection) => connection as T,
): Flow<T> {
  return {
    id: provider,
    async start({ state }, client) {
      const c = (await client.getConfig()).providers[provider] as StandardProviderConfig | undefined
      if (!c) {
        throw new DoorwayError('not_configured', `The BFF serves no provider "${provider}".`)
      }
      await bindState(client, provider, state)
      const pkce = c.pkce ? await createPKCE() : undefined
      const { href } = buildAuthorizeUrl(
        c.authorizeUrl,
        standardDialects[pkce ? 'pkce' : 'plain'],
        { ...c, state, codeChallenge: pkce?.codeChallenge },
      )
      return {
        url: href,
        redirectUri: c.redirectUri,
        codeVerifier: pkce?.codeVerifier,
        issuer: c.issuer,
      }
    },
    finish: async (callback, tx, bff) => ({ data: then(await redeemStandard(callback, tx, bff)) }),
  }
}
