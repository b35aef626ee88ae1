import { BffError } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'

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
