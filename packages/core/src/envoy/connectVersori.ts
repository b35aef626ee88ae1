import type { DoorwayClient } from '../doorwayClient.js'
import { DoorwayError, providerError } from '../errors.js'
import { openPopup, waitForPopup } from '../popup.js'
import { transactionTtlMs } from '../transactionStore.js'
import type {
  EnvoyConnection,
  VersoriCompleteRequest,
  VersoriInitialiseAnswer,
  VersoriInitialiseRequest,
} from '../wire.js'
import { envoyChanges } from './envoyConnection.js'

/** Options of {@link connectVersori}. */
export interface ConnectVersoriOptions extends VersoriInitialiseRequest {
  /** Only `popup` (the default) works: Versori's callback page completes by talking to its opener. */
  mode?: 'popup' | 'redirect'
  /** How long the handshake may take. Default 10 minutes. */
  timeoutMs?: number
  /** Default the global `window`. */
  window?: Window
}

/**
 * Connects Envoy through Versori: opens the popup synchronously (call it in a click
 * handler), asks the BFF to initialise (`POST /envoy/versori/initialise` → `{url, state}`),
 * points the popup at Versori's URL unchanged, completes the {@link versoriHandshake} with
 * Versori's callback origin from `GET /config`, and hands `{code, state}` to the BFF
 * (`POST /envoy/versori/complete`), which creates the connection at Versori. Tells
 * {@link envoyChanges}. One attempt runs at a time per client (`client.attempt`).
 * @throws {DoorwayError} `not_supported` for mode `redirect`; `popup_blocked`,
 * `popup_closed`, `timeout`, the provider's error, or the BFF's.
 */
export function connectVersori(
  client: DoorwayClient,
  options: ConnectVersoriOptions = {},
): Promise<EnvoyConnection> {
  return client.attempt(() => handshake(client, options))
}

async function handshake(
  client: DoorwayClient,
  { mode = 'popup', timeoutMs, window: w = window, ...initialise }: ConnectVersoriOptions,
): Promise<EnvoyConnection> {
  if (mode !== 'popup') {
    throw new DoorwayError(
      'not_supported',
      'Versori completes a connection only in a popup: its callback page hands the result to the window that opened it. Use mode "popup".',
    )
  }
  const popup = openPopup(w)
  try {
    const [config, { url, state }] = await Promise.all([
      client.getConfig(),
      client.request<VersoriInitialiseAnswer>(
        'POST',
        '/envoy/versori/initialise',
        initialise satisfies VersoriInitialiseRequest,
      ),
    ])
    const origin = config.versori?.callbackOrigin
    if (!origin) {
      throw new DoorwayError('not_configured', 'The BFF serves no Versori callback origin.')
    }
    // Only URLs Versori built can complete a connection: never edited.
    popup.location.replace(url)
    const { code } = await versoriHandshake(w, popup, { origin, state, timeoutMs })
    return envoyChanges.emit(
      await client.request<EnvoyConnection>('POST', '/envoy/versori/complete', {
        code,
        state,
      } satisfies VersoriCompleteRequest),
    )
  } finally {
    popup.close()
  }
}

/** What the opener posts to Versori's callback page every 500 ms. */
export interface VersoriHello {
  type: 'hello'
  payload: { state: string }
}

/** What Versori's callback page answers: the query its provider redirected to it with. */
export interface VersoriResponse {
  type: 'response'
  payload: { search: string }
}

/** Options of {@link versoriHandshake}. */
export interface VersoriHandshakeOptions {
  /** The origin of Versori's callback page (`GET /bff/config` → `versori.callbackOrigin`). */
  origin: string
  /** The state Versori put in the authorize URL (`POST /bff/envoy/versori/initialise`). */
  state: string
  /** Default 10 minutes, as long as Versori keeps the state. */
  timeoutMs?: number
}

/**
 * Completes a Versori OAuth popup the way Versori's embed SDK does: every 500 ms it posts
 * `{type: 'hello', payload: {state}}` to the popup with the callback origin as target
 * origin, and takes only a `message` from that origin, from that popup, shaped
 * `{type: 'response', payload: {search}}` whose `search` carries the same state (others are
 * ignored). `search` with `error` rejects with a {@link DoorwayError} keeping `error`,
 * `error_description` and `error_uri`; else it resolves with the `code`. A closed popup is
 * `popup_closed`, no answer in time `timeout`; the listener and timers go on every outcome.
 */
export async function versoriHandshake(
  w: Window,
  popup: Window,
  { origin, state, timeoutMs = transactionTtlMs }: VersoriHandshakeOptions,
): Promise<{ code: string; state: string }> {
  const hello: VersoriHello = { type: 'hello', payload: { state } }
  const { payload } = await waitForPopup<VersoriResponse>(
    w,
    popup,
    origin,
    timeoutMs,
    (data) =>
      data?.type === 'response' &&
      typeof data.payload?.search === 'string' &&
      new URLSearchParams(data.payload.search).get('state') === state,
    () => popup.postMessage(hello, origin),
  )
  const search = new URLSearchParams(payload.search)
  const error = search.get('error')
  if (error) {
    throw providerError(error, {
      error,
      error_description: search.get('error_description') ?? undefined,
      error_uri: search.get('error_uri') ?? undefined,
    })
  }
  const code = search.get('code')
  if (!code) throw new DoorwayError('invalid_callback', "Versori's callback page sent no code.")
  return { code, state }
}
