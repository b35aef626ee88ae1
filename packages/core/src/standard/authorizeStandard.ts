import type {
  AuthorizeAttempt,
  AuthorizeTarget,
  CallbackResult,
  DoorwayClient,
  SignInOptions,
} from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import { createPKCE } from '../pkce.js'
import { buildAuthorizeUrl } from '../providers/dialect.js'
import { type StandardProviderConfig, standardDialects } from '../providers/standard.js'
import { type Redeemer, redeemers } from '../redeemers.js'
import { redeemStandard } from './redeemStandard.js'

/**
 * Where a standards-based provider sends the user for one attempt: its configuration from
 * the BFF's `GET /config` (`providers.<provider>`), built in the standard dialect by
 * {@link buildAuthorizeUrl} (form-encoded: spaces in the scope become `+`), with PKCE when
 * the configuration asks for it. The issuer, if any, is kept for the callback's `iss` check.
 * @throws {DoorwayError} `not_configured` when the BFF serves no such provider.
 */
export function standardAuthorizeTarget(
  client: Pick<DoorwayClient, 'getConfig'>,
  provider: string,
): (attempt: AuthorizeAttempt) => Promise<AuthorizeTarget> {
  return async ({ state }) => {
    const c = (await client.getConfig()).providers[provider] as StandardProviderConfig | undefined
    if (!c) {
      throw new DoorwayError('not_configured', `The BFF serves no provider "${provider}".`)
    }
    const pkce = c.pkce ? await createPKCE() : undefined
    const { href } = buildAuthorizeUrl(c.authorizeUrl, standardDialects[pkce ? 'pkce' : 'plain'], {
      ...c,
      state,
      codeChallenge: pkce?.codeChallenge,
    })
    return {
      url: href,
      redirectUri: c.redirectUri,
      codeVerifier: pkce?.codeVerifier,
      issuer: c.issuer,
    }
  }
}

/**
 * Makes callbacks on `/oauth/callback/<provider>` redeemable on this page by
 * {@link redeemStandard} (then `then`, e.g. to tell listeners). Call it when the app loads,
 * so that a callback arriving on a fresh page (redirect mode) finds it.
 */
export function registerStandardProvider(
  provider: string,
  then: (data: unknown) => unknown = (data) => data,
): void {
  const redeemer: Redeemer = async (callback, tx, bff) =>
    then(await redeemStandard(callback, tx, bff))
  redeemers.set(provider, redeemer)
}

/**
 * Starts an authorization with a standards-based provider the BFF serves, by the same
 * mechanism as the Rhombus sign-in (see {@link DoorwayClient.authorize}); the callback is
 * redeemed at the BFF's `POST /auth/<provider>/exchange`. Popup mode resolves with the
 * BFF's answer to the exchange. Registers the provider's redeemer if it has none yet.
 *
 * @example
 * // GET /bff/config → { providers: { acme: { clientId, authorizeUrl, scope, redirectUri, pkce: true } } }
 * const result = await authorizeStandard(client, 'acme', { mode: 'popup' })
 */
export async function authorizeStandard(
  client: DoorwayClient,
  provider: string,
  options?: SignInOptions,
): Promise<CallbackResult | undefined> {
  if (!redeemers.has(provider)) registerStandardProvider(provider)
  return client.authorize(provider, standardAuthorizeTarget(client, provider), options)
}
