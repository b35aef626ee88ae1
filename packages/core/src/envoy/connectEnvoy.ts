import type { DoorwayClient, Flow, SignInOptions } from '../doorwayClient.js'
import { DoorwayError, providerError } from '../errors.js'
import { providerFlow } from '../providerFlow.js'
import {
  type EnvoyConnection,
  type EnvoyVia,
  envoyVias,
  type RhombusEnvoyInitiateAnswer,
  type RhombusEnvoyInitiateRequest,
  type VersoriInitialiseRequest,
} from '../wire.js'
import { connectVersori } from './connectVersori.js'
import { envoyChanges, envoyFlowIds, getEnvoyConnection } from './envoyConnection.js'

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
 * - `direct`: Envoy's authorize page as an OAuth provider (`GET /config` →
 *   `providers.envoy`; `response_type=code&client_id&redirect_uri&scope&state`, no PKCE, so
 *   the state is first bound to the session at `POST /auth/envoy/state`), back on
 *   `/oauth/callback/envoy`, the code exchanged once at `POST /auth/envoy/exchange` with it.
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

/**
 * The Envoy connect through Rhombus as a {@link Flow} (id `envoy-rhombus`):
 * `POST /envoy/rhombus/initiate` with this app's callback
 * `/oauth/callback/envoy-rhombus?state=…` as `returnTo` (and `param`, `initiateEnvoyOAuth`'s,
 * when given); the user goes to the `redirectUrl` Rhombus gives, and Rhombus sends them
 * back to that callback, with `error` appended when the user declined or Envoy refused.
 * There is no code to exchange (Rhombus keeps the tokens): the connection is read from
 * `GET /envoy/connection?via=rhombus`, with the warning Rhombus gave when the connect
 * started, and told to {@link envoyChanges}.
 */
function envoyThroughRhombus(param?: string): Flow<EnvoyConnection> {
  const id = envoyFlowIds.rhombus
  return {
    id,
    async start({ state, callbackPath }, client) {
      const body: RhombusEnvoyInitiateRequest = {
        returnTo: `${callbackPath}/${id}?state=${state}`,
        param,
      }
      const { redirectUrl, warning } = await client.request<RhombusEnvoyInitiateAnswer>(
        'POST',
        '/envoy/rhombus/initiate',
        body,
      )
      return { url: redirectUrl, ...(warning && { data: { warning } }) }
    },
    async finish(callback, tx, bff) {
      if (callback.error) throw providerError(callback.error, callback)
      const connection = await getEnvoyConnection(bff, 'rhombus')
      const warning = tx.data?.warning
      return { data: envoyChanges.emit(warning ? { ...connection, warning } : connection) }
    },
  }
}

/**
 * The flows of the two redirecting ways to connect Envoy, by {@link EnvoyVia}: `direct`
 * (the OAuth provider `envoy`, back on `/oauth/callback/envoy`, its connection
 * told to {@link envoyChanges}) and `rhombus` ({@link envoyThroughRhombus}). `connectEnvoy`
 * starts them; an app that connects Envoy by redirect lists them in its client's flows, so
 * that the page the user comes back to finishes the connect.
 *
 * @example
 * createDoorwayClient({ flows: [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus] })
 */
export const envoyFlows: Readonly<Record<Exclude<EnvoyVia, 'versori'>, Flow<EnvoyConnection>>> = {
  direct: /* @__PURE__ */ providerFlow(envoyFlowIds.direct, (connection) =>
    envoyChanges.emit(connection as EnvoyConnection),
  ),
  rhombus: /* @__PURE__ */ envoyThroughRhombus(),
}
