import { DoorwayError } from './errors.js'

/** What an authorization response carried, by its query parameters' names. */
export interface CallbackParams {
  /** The id of the flow it belongs to: the last path segment of `/oauth/callback/<flow>`. */
  flow: string
  code?: string
  state?: string
  iss?: string
  error?: string
  error_description?: string
  error_uri?: string
  /** Legacy Rhombus dialect: `"true"` for a partner account. */
  isPartner?: string
  /** Legacy Rhombus dialect: a token exchanged by the provider already. */
  accessToken?: string
}

/** The callback query parameters Doorway reads, and strips from the address bar. */
export const callbackParams = [
  'code',
  'state',
  'iss',
  'error',
  'error_description',
  'error_uri',
  'isPartner',
  'accessToken',
] as const

/**
 * Reads an authorization response
 * ([RFC 6749 §4.1.2](https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2),
 * [RFC 9207](https://www.rfc-editor.org/rfc/rfc9207)). Returns null unless the URL is on
 * `<path>/<flow>` and carries a code, state, error or access token, so that other
 * flows on the same page are left alone (and for a string that is not an absolute URL).
 * @param url an absolute URL, usually `location.href`.
 * @param path the client's `callbackPath`, e.g. `/oauth/callback`.
 */
export function parseCallback(url: string | URL, path: string): CallbackParams | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  const flow = u.pathname.slice(path.length + 1)
  if (!u.pathname.startsWith(`${path}/`) || !/^[\w-]+$/.test(flow)) return null
  const p: CallbackParams = { flow }
  for (const key of callbackParams) {
    const value = u.searchParams.get(key)
    if (value !== null) p[key] = value
  }
  return (p.code ?? p.state ?? p.error ?? p.accessToken) === undefined ? null : p
}

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
