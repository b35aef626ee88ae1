import type { UpstreamFetch } from '../config/BffConfig.js'
import type { Logger } from '../logging/Logger.js'
import { BffError } from './BffError.js'
import { readLimited } from './readLimited.js'

/** One request to a provider. */
export interface UpstreamRequest {
  url: string
  method: 'GET' | 'POST' | 'DELETE'
  headers: Record<string, string>
  body?: string
}

/** A provider's answer, its body read whole (within the size limit) as text; headers are not kept. */
export interface UpstreamResponse {
  status: number
  body: string
}

export interface UpstreamOptions {
  fetch: UpstreamFetch
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
 */
export function callUpstream(options: UpstreamOptions): CallUpstream {
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
      const init: RequestInit = {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        signal: controller.signal,
      }
      if (request.body !== undefined) init.body = request.body
      const response = await options.fetch(request.url, init)
      const tooLarge = () =>
        new BffError(
          'invalid_response',
          `The upstream answered with more than ${options.maxBytes} bytes.`,
        )
      if (Number(response.headers.get('content-length') ?? 0) > options.maxBytes) {
        await response.body?.cancel().catch(() => {})
        throw tooLarge()
      }
      const body = await readLimited(response.body, options.maxBytes, tooLarge)
      return { status: response.status, body }
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
