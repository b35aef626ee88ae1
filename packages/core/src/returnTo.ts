import { DoorwayError } from './errors.js'

/**
 * Returns `value` as a same-origin path (`/path?query#hash`), refusing anything that could
 * leave the origin: absolute URLs, `//host`, backslashes, encoded slashes or backslashes,
 * schemes such as `javascript:`, control characters, and dot segments that normalise to
 * `//host` (`/.//host`, `/a/..//host`) (open redirects,
 * [RFC 9700 §4.11](https://www.rfc-editor.org/rfc/rfc9700#section-4.11)).
 * @param origin the app's origin, as `location.origin`.
 * @throws {DoorwayError} `invalid_return_to`
 */
export function safeReturnTo(value: string, origin: string): string {
  if (/^\/(?![/\\])/.test(value) && !/[\\\p{Cc}]|%(2f|5c)/iu.test(value)) {
    const url = new URL(value, origin)
    const path = url.pathname + url.search + url.hash
    if (url.origin === origin && !path.startsWith('//')) return path
  }
  throw new DoorwayError('invalid_return_to')
}
