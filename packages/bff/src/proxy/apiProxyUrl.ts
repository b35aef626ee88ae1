import { BffError } from '../http/BffError.js'

const segmentPattern = /^[A-Za-z0-9_-]+$/

/**
 * The Rhombus API URL for a proxy request: `{apiUrl}/api/<path>`, where `<path>` is what
 * follows `prefix` in `requestUrl`. Every segment must be `[A-Za-z0-9_-]+`, which leaves no
 * room for absolute URLs, dot segments, encoded slashes or backslashes, empty segments or
 * query strings; the result is checked to stay on the API origin under `/api/`.
 */
export function rhombusApiUrl(apiUrl: string, requestUrl: string, prefix: string): string {
  const request = new URL(requestUrl)
  const path = request.pathname.startsWith(`${prefix}/`)
    ? request.pathname.slice(prefix.length + 1)
    : ''
  const segments = path.split('/')
  if (path === '' || !segments.every((segment) => segmentPattern.test(segment))) {
    throw new BffError(
      'bad_request',
      'The API path must be segments of letters, digits, "_" and "-" only.',
    )
  }
  if (request.search !== '') {
    throw new BffError(
      'bad_request',
      'The API proxy does not forward query strings; send parameters in the JSON body.',
    )
  }
  const base = new URL(apiUrl)
  const target = new URL(`${apiUrl}/api/${segments.join('/')}`)
  if (
    target.origin !== base.origin ||
    !target.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/api/`)
  ) {
    throw new BffError('bad_request', 'The API path leaves the Rhombus API.')
  }
  return target.href
}
