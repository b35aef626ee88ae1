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
 */
export const parseCallback = (
  url: string | URL,
  { path = '/oauth/callback' }: { path?: string } = {},
): CallbackParams | null => readCallback(url, path)

/** {@link parseCallback} on a given `path`, as the client (which has its own default) reads. */
export function readCallback(url: string | URL, path: string): CallbackParams | null {
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
