import { DoorwayError, providerError } from '../errors.js'
import { transactionTtlMs } from '../transactionStore.js'
import { waitForPopup } from '../waitForPopup.js'

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
