import { DoorwayError } from './errors.js'

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
