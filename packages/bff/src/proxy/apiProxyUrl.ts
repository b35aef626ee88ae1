import { BffError } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'

const segmentPattern = /^[A-Za-z0-9_-]+$/
const queryNamePattern = /^[A-Za-z0-9_.[\]-]+$/

/** Where and how {@link apiProxyUrl} maps a proxy request. */
export interface ApiProxyTarget {
  /** The upstream URL the path is appended to, e.g. `{RHOMBUS_API_URL}/api` or `{ENVOY_API_URL}`. */
  base: string
  /** The BFF route prefix the path follows, e.g. `/bff/rhombus/api`. */
  prefix: string
  /**
   * `reject`: a query string is 400 (APIs that take their parameters in a JSON body);
   * `forward`: its parameters are re-encoded and forwarded (names must be
   * `[A-Za-z0-9_.[\]-]+`; values are any text).
   */
  query: 'reject' | 'forward'
  /** Names the upstream in errors, e.g. `the Rhombus API`. */
  name: string
}

/**
 * The upstream URL for a proxy request: `{base}/<path>`, where `<path>` is what follows
 * `prefix` in `requestUrl` (SECURITY 17). Every segment must be `[A-Za-z0-9_-]+`, which
 * leaves no room for absolute URLs, dot segments, encoded slashes or backslashes or empty
 * segments; the result is checked to stay on the base's origin and under its path.
 */
export function apiProxyUrl(requestUrl: string, target: ApiProxyTarget): string {
  const request = new URL(requestUrl)
  const path = request.pathname.startsWith(`${target.prefix}/`)
    ? request.pathname.slice(target.prefix.length + 1)
    : ''
  const segments = path.split('/')
  if (path === '' || !segments.every((segment) => segmentPattern.test(segment))) {
    throw new BffError(
      'bad_request',
      'The API path must be segments of letters, digits, "_" and "-" only.',
    )
  }
  const base = new URL(target.base)
  const url = new URL(`${target.base}/${segments.join('/')}`)
  if (request.search !== '') {
    if (target.query === 'reject') {
      throw new BffError(
        'bad_request',
        `The proxy to ${target.name} does not forward query strings; send parameters in the JSON body.`,
      )
    }
    const parameters = new URLSearchParams(request.search)
    for (const name of parameters.keys()) {
      if (!queryNamePattern.test(name)) {
        throw new BffError(
          'bad_request',
          'Query parameter names must be letters, digits, "_", ".", "-", "[" and "]" only.',
        )
      }
    }
    url.search = parameters.toString()
  }
  if (
    url.origin !== base.origin ||
    !url.pathname.startsWith(`${base.pathname.replace(/\/$/, '')}/`)
  ) {
    throw new BffError('bad_request', `The API path leaves ${target.name}.`)
  }
  return url.href
}

/**
 * The browser's copy of an API answer: its status and JSON body, and no upstream header
 * (no `Set-Cookie`). A server error (5xx) becomes `upstream_unavailable` (503 stays 503, else
 * 502). Redirects and bodies that are not JSON are never relayed: they become
 * `upstream_error` (the upstream 4xx status, else 502), so the BFF's origin serves only JSON.
 * `name` starts the error's detail, e.g. `The Rhombus API`.
 */
export function relayUpstreamJson(
  { status, body }: UpstreamResponse,
  name = 'The upstream API',
): Response {
  if (status >= 500) {
    throw new BffError(
      'upstream_unavailable',
      `${name} answered HTTP ${status}. Try again later.`,
      {
        status: status === 503 ? 503 : 502,
      },
    )
  }
  const redirect = status >= 300 && status < 400
  if (!redirect && body === '') return new Response(null, { status })
  if (!redirect && isJson(body)) {
    return new Response(body, {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    })
  }
  throw new BffError(
    'upstream_error',
    `${name} answered HTTP ${status} ${redirect ? 'with a redirect, which the BFF does not follow' : 'with a body that is not JSON'}.`,
    { status: status >= 400 && status < 500 ? status : 502 },
  )
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}
