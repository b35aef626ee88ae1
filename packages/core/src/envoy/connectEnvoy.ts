import type { DoorwayClient, SignInOptions } from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import { connectVersori, type VersoriInitialiseRequest } from '../versori/connectVersori.js'
import { type EnvoyConnection, type EnvoyVia, envoyVias } from './EnvoyConnection.js'
import { envoyFlows, envoyThroughRhombus } from './envoyFlows.js'

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

/**
 * Connects the signed-in user's Envoy account one of three ways, all through the BFF. Call
 * it in a click handler: the popup (the default mode) opens before any await.
 * - `direct`: Envoy's authorize page as a standards-based provider (`GET /config` →
 *   `providers.envoy`; `response_type=code&client_id&redirect_uri&scope&state`, no PKCE, so
 *   the state is first bound to the session at `POST /auth/envoy/state`), back on
 *   `/oauth/callback/envoy`, the code redeemed once at `POST /auth/envoy/exchange` with it.
 * - `rhombus`: see {@link envoyThroughRhombus}. Rhombus's `warningMsg` comes back as `warning`.
 * - `versori`: see {@link connectVersori} (popup only).
 *
 * Both redirecting ways are {@link envoyFlows}, finished by the same callback mechanism as
 * the sign-in (state checked before any network call, once, address bar cleaned). Popup
 * mode resolves with the connection; redirect mode resolves with nothing and the page the
 * user comes back to finishes the connect. The client must list `envoyFlows.direct` and
 * `envoyFlows.rhombus` (else `not_configured`, before anything opens). One attempt runs at
 * a time per client (see `client.authorize`): a call while one runs joins it. Every
 * connection is told to `envoyChanges`.
 */
export async function connectEnvoy(
  client: DoorwayClient,
  { via, mode = 'popup', returnTo, param, ...versori }: ConnectEnvoyOptions,
): Promise<EnvoyConnection | undefined> {
  if (via === 'versori') return connectVersori(client, { mode, ...versori })
  const flow = via === 'rhombus' ? envoyThroughRhombus(param) : envoyFlows[via]
  if (!flow) throw new DoorwayError('bad_request', `"via" must be one of ${envoyVias.join(', ')}.`)
  return (await client.authorize(flow, { mode, returnTo }))?.data
}
