import { request as undiciRequest } from 'undici'
import type { UpstreamFetch } from '../config/BffConfig.js'
import type { UpstreamRequest } from './callUpstream.js'

/** What {@link callUpstream} reads of a provider's answer before its body. */
export interface UpstreamAnswer {
  status: number
  /** A header's value (several joined with `, `), or `null`. */
  header(name: string): string | null
  body: AsyncIterable<Uint8Array> | null
  /** Frees the connection of an answer whose body will not be read. */
  discard(): Promise<void>
}

/** Sends one request; `signal` aborts it. Never follows redirects. */
export type UpstreamTransport = (
  request: UpstreamRequest,
  signal: AbortSignal,
) => Promise<UpstreamAnswer>

/**
 * The default: undici's `request`, the HTTP client under Node's own `fetch` without the
 * WHATWG layer over it (several times less work per call, see BENCHMARKS.md row b). It
 * sends the request's headers with `Host`, `Content-Length` and `Connection: keep-alive`,
 * nothing else (no `User-Agent`, no `Accept-Encoding`), and follows no redirect.
 */
export const undiciTransport: UpstreamTransport = async (request, signal) => {
  const answer = await undiciRequest(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
    signal,
  })
  return {
    status: answer.statusCode,
    header(name) {
      const value = answer.headers[name]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
    body: answer.body,
    discard: async () => {
      // Destroying the body closes its connection (dump() would wait for the rest of it).
      answer.body.destroy()
    },
  }
}

/** A configured `fetch` (tests, other runtimes) as a transport: `redirect: 'manual'`, the signal passed on. */
export function fetchTransport(fetch: UpstreamFetch): UpstreamTransport {
  return async (request, signal) => {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      signal,
    }
    if (request.body !== undefined) init.body = request.body
    const response = await fetch(request.url, init)
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: response.body,
      discard: async () => {
        await response.body?.cancel().catch(() => {})
      },
    }
  }
}
