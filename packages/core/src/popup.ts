import { DoorwayError } from './errors.js'

/**
 * Resolves with the data of the first `message` event that comes from `popup`, from
 * `origin`, and that `accepts`; everything else is ignored
 * ([RFC 9700 §4.16](https://www.rfc-editor.org/rfc/rfc9700#section-4.16): results are taken
 * from the expected window and origin only). Every 500 ms it calls `tick` (a handshake's
 * hello) and checks the popup: closed → `popup_closed`, one poll late so that a message
 * posted just before closing still counts. After `ms` → `timeout`. The listener and both
 * timers are removed on every outcome.
 */
export function waitForPopup<T>(
  w: Window,
  popup: Window,
  origin: string,
  ms: number,
  accepts: (data: T) => unknown,
  tick?: () => void,
): Promise<T> {
  let stop!: () => void
  return new Promise<T>((resolve, reject) => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin === origin && e.source === popup && accepts(e.data)) resolve(e.data)
    }
    let closed: boolean | undefined
    const poll = setInterval(() => {
      if (closed) reject(new DoorwayError('popup_closed'))
      closed = popup.closed
      tick?.()
    }, 500)
    const timer = setTimeout(() => reject(new DoorwayError('timeout')), ms)
    w.addEventListener('message', onMessage)
    stop = () => {
      clearInterval(poll)
      clearTimeout(timer)
      w.removeEventListener('message', onMessage)
    }
  }).finally(() => stop())
}

/** The name of Doorway's popup window: a callback page loaded in it hands over to its opener. */
export const popupName = 'doorway:popup'

/**
 * Opens Doorway's popup, empty, to be pointed at the provider once its URL is known. Call
 * it synchronously in a click handler, before any await: browsers block popups opened
 * without user activation.
 * @throws {DoorwayError} `popup_blocked`
 */
export function openPopup(w: Window): Window {
  const popup = w.open('', popupName, 'popup,width=500,height=700')
  if (!popup) throw new DoorwayError('popup_blocked')
  return popup
}
