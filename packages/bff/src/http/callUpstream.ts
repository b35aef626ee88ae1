import { request as undiciRequest } from 'undici'
import type { UpstreamFetch } from '../config/BffConfig.js'
import type { Logger } from '../logging/Logger.js'
import { BffError, type BffErrorOptions } from './BffError.js'
import { readLimited } from './readJsonBody.js'

/** One request to a provider. */
export interface UpstreamRequest {
  url: string
  method: 'GET' | 'POST' | 'DELETE'
  headers: Record<string, string>
  body?: string
}

/** A provider's answer, its body read whole (within the size limit) as text; of its headers only `Content-Type` is kept. */
export interface UpstreamResponse {
  status: number
  body: string
  /** The `Content-Type` header, when the answer had one. */
  contentType?: string
}

export interface UpstreamOptions {
  /** How requests are sent; without it, undici's `request` ({@link undiciTransport}). */
  fetch?: UpstreamFetch | undefined
  timeoutMs: number
  maxBytes: number
  logger: Logger
}

/** Calls a provider; bound to the BFF's fetch, time limit and size limit. */
export type CallUpstream = (request: UpstreamRequest) => Promise<UpstreamResponse>

/**
 * The one way the BFF talks to providers (SECURITY 20). The time limit covers headers and
 * body and holds even if `fetch` ignores its signal; bodies past `maxBytes` are cut off.
 * Redirects are not followed, so tokens in headers never travel to another host. Fails with
 * `timeout` (504), `upstream_unavailable` (502, network) or `invalid_response` (502, too large).
 *
 * Every HTTP answer goes back to the caller, which knows the provider's format, but one: a
 * 503 with a valid `Retry-After` (RFC 9110 §10.2.3: "not now, come back in N seconds") is
 * `upstream_unavailable` 503 with `retryAfter` at once, whatever the provider, so every
 * route passes the wait on to the browser (`problemResponse` sends `Retry-After`). The
 * body's OAuth `error` and `error_description` (RFC 6749 §5.2), if any, are kept.
 */
export function callUpstream(options: UpstreamOptions): CallUpstream {
  const send: UpstreamTransport =
    options.fetch === undefined ? undiciTransport : fetchTransport(options.fetch)
  return async (request) => {
    const started = Date.now()
    const target = new URL(request.url)
    const where = `${request.method} ${target.origin}${target.pathname}`
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new BffError(
          'timeout',
          `The upstream did not answer within ${options.timeoutMs} ms.`,
        )
        controller.abort(error)
        reject(error)
      }, options.timeoutMs)
    })
    const exchange = async (): Promise<UpstreamResponse> => {
      const response = await send(request, controller.signal)
      const tooLarge = () =>
        new BffError(
          'invalid_response',
          `The upstream answered with more than ${options.maxBytes} bytes.`,
        )
      if (Number(response.header('content-length') ?? 0) > options.maxBytes) {
        await response.discard().catch(() => {})
        throw tooLarge()
      }
      const body = await readLimited(response.body, options.maxBytes, tooLarge)
      const retryAfter =
        response.status === 503
          ? retryAfterSeconds(response.header('retry-after'), Date.now())
          : undefined
      if (retryAfter !== undefined) throw unavailable(body, retryAfter)
      const contentType = response.header('content-type')
      return contentType === null
        ? { status: response.status, body }
        : { status: response.status, body, contentType }
    }
    try {
      const response = await Promise.race([exchange(), timedOut])
      options.logger.debug('upstream', {
        upstream: where,
        status: response.status,
        ms: Date.now() - started,
      })
      return response
    } catch (cause) {
      const error =
        cause instanceof BffError
          ? cause
          : controller.signal.aborted && controller.signal.reason instanceof BffError
            ? controller.signal.reason
            : new BffError('upstream_unavailable', 'The upstream could not be reached.', { cause })
      controller.abort(error)
      options.logger.warn('upstream failed', {
        upstream: where,
        problem: error.code,
        ms: Date.now() - started,
      })
      throw error
    } finally {
      clearTimeout(timer)
    }
  }
}

/**
 * The seconds a `Retry-After` value asks for: delta-seconds, or an HTTP-date from now
 * (rounded up, never negative); `undefined` when absent or malformed.
 */
function retryAfterSeconds(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) {
    const seconds = Number(text)
    return Number.isSafeInteger(seconds) ? seconds : undefined
  }
  if (!/ GMT$/.test(text)) return undefined
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000))
}

/** A 503 that asked to be retried later, keeping the provider's OAuth error fields. */
function unavailable(body: string, retryAfter: number): BffError {
  const options: BffErrorOptions = { status: 503, retryAfter }
  const json = parseJsonObject(body)
  if (typeof json?.error === 'string') options.error = json.error
  if (typeof json?.error_description === 'string') {
    options.error_description = json.error_description
  }
  return new BffError(
    'upstream_unavailable',
    `The provider answered HTTP 503 (unavailable) and asks to be retried in ${retryAfter} seconds.`,
    options,
  )
}

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

/** `text` parsed as a JSON object, or `undefined` when it is not one (arrays and primitives included). */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
