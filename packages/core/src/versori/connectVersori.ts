import type { DoorwayClient } from '../doorwayClient.js'
import type { EnvoyConnection } from '../envoy/EnvoyConnection.js'
import { envoyChanges } from '../envoy/envoyChanges.js'
import { DoorwayError } from '../errors.js'
import { openPopup } from '../popup.js'
import { versoriHandshake } from './versoriHandshake.js'

/** Body of `POST {baseUrl}/envoy/versori/initialise`. */
export interface VersoriInitialiseRequest {
  /** A URL-encoded query string for the authorize URL; must not set a standard parameter. */
  additionalParams?: string
  /** `none`, `login`, `consent`, `select_account`, or `+`-joined combinations. */
  prompt?: string
}

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
      client.request<{ url: string; state: string }>(
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
      await client.request<EnvoyConnection>('POST', '/envoy/versori/complete', { code, state }),
    )
  } finally {
    popup.close()
  }
}
