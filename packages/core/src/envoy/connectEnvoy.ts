import type {
  AuthorizeAttempt,
  AuthorizeTarget,
  DoorwayClient,
  SignInOptions,
} from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import { redeemers } from '../redeemers.js'
import { registerStandardProvider, standardAuthorizeTarget } from '../standard/authorizeStandard.js'
import { connectVersori, type VersoriInitialiseRequest } from '../versori/connectVersori.js'
import {
  type EnvoyConnection,
  type EnvoyVia,
  envoyProviders,
  envoyVias,
} from './EnvoyConnection.js'
import { envoyChanges } from './envoyChanges.js'
import { redeemEnvoyThroughRhombus } from './redeemEnvoyThroughRhombus.js'

/** Options of {@link connectEnvoy}. */
export interface ConnectEnvoyOptions extends VersoriInitialiseRequest {
  via: EnvoyVia
  /**
   * `popup` (default) keeps the page; `redirect` leaves it and comes back to `returnTo`
   * (not possible through Versori: `not_supported`).
   */
  mode?: SignInOptions['mode']
  /** Same-origin path to come back to in redirect mode. Default: the current one. */
  returnTo?: string
  /** Through Rhombus: `initiateEnvoyOAuth`'s `param` (default: a fresh one the BFF makes). */
  param?: string
  /** Through Versori: how long the popup handshake may take. Default 10 minutes. */
  timeoutMs?: number
  /** Through Versori: default the global `window` (the other ways use the client's). */
  window?: Window
}

// Callbacks of both redirecting ways are redeemed by whichever page they land on, so the
// redeemers are in place as soon as this module is loaded (not only after a connect).
registerStandardProvider(envoyProviders.direct, (connection) =>
  envoyChanges.emit(connection as EnvoyConnection),
)
redeemers.set(envoyProviders.rhombus, redeemEnvoyThroughRhombus)

const pending = new WeakMap<DoorwayClient, Promise<EnvoyConnection | undefined>>()

/**
 * Connects the signed-in user's Envoy account one of three ways, all through the BFF. Call
 * it in a click handler: the popup (the default mode) opens before any await.
 * - `direct`: Envoy's authorize page as a standards-based provider (`GET /config` →
 *   `providers.envoy`; `response_type=code&client_id&redirect_uri&scope&state`, no PKCE, so
 *   the state is first bound to the session at `POST /auth/envoy/state`), back on
 *   `/oauth/callback/envoy`, the code redeemed once at `POST /auth/envoy/exchange` with it.
 * - `rhombus`: `POST /envoy/rhombus/initiate` with this app's callback
 *   `/oauth/callback/envoy-rhombus?state=…` as `returnTo`; the user goes to the `redirectUrl`
 *   Rhombus gives, and Rhombus sends them back to that callback; the connection is then read
 *   from `GET /envoy/connection?via=rhombus`. Rhombus's `warningMsg` comes back as `warning`.
 * - `versori`: see {@link connectVersori} (popup only).
 *
 * Both redirecting ways use the same callback mechanism as the sign-in (state checked
 * before any network call, once, address bar cleaned). Popup mode resolves with the
 * connection; redirect mode resolves with nothing and the app's `DoorwayProvider` finishes
 * on the callback page. A call while one is running returns the same promise. Every
 * connection is told to {@link envoyChanges}.
 */
export function connectEnvoy(
  client: DoorwayClient,
  options: ConnectEnvoyOptions,
): Promise<EnvoyConnection | undefined> {
  let attempt = pending.get(client)
  if (!attempt) {
    attempt = start(client, options).finally(() => pending.delete(client))
    pending.set(client, attempt)
  }
  return attempt
}

async function start(
  client: DoorwayClient,
  { via, mode = 'popup', returnTo, param, ...versori }: ConnectEnvoyOptions,
): Promise<EnvoyConnection | undefined> {
  if (via === 'versori') return connectVersori(client, { mode, ...versori })
  const provider = envoyProviders[via]
  if (!provider)
    throw new DoorwayError('bad_request', `"via" must be one of ${envoyVias.join(', ')}.`)
  const target =
    via === 'direct'
      ? standardAuthorizeTarget(client, provider)
      : async ({ state, callbackPath }: AuthorizeAttempt): Promise<AuthorizeTarget> => {
          const { redirectUrl, warning } = await client.request<{
            redirectUrl: string
            warning?: string
          }>('POST', '/envoy/rhombus/initiate', {
            returnTo: `${callbackPath}/${provider}?state=${state}`,
            param,
          })
          return { url: redirectUrl, ...(warning && { data: { warning } }) }
        }
  const result = await client.authorize(provider, target, { mode, returnTo })
  return result?.data as EnvoyConnection | undefined
}
