import type { UpstreamFetch } from '../config/BffConfig.js'
import { parseHttpUrl } from '../config/parseHttpUrl.js'
import { BffError } from '../http/BffError.js'
import { callUpstream, type UpstreamResponse } from '../http/callUpstream.js'
import { type Logger, redactingLogger } from '../logging/Logger.js'
import { processRhombusApiResponse } from '../rhombus/rhombusApi.js'

/** Options of {@link createRhombusApiClient}. */
export interface RhombusApiClientOptions {
  /** A Rhombus API key (`x-auth-apikey`): a password, kept server-side and never logged. */
  apiKey: string
  /** The Rhombus API host, e.g. `https://api2.rhombussystems.com` (no `/api`). */
  apiUrl: string
  /** Default `globalThis.fetch`. */
  fetch?: UpstreamFetch
  /** Per call, body included. Default 10 000. */
  timeoutMs?: number
  /** The largest answer read, in bytes. Default 1 MiB. */
  maxBytes?: number
  /** Where failures are logged (redacted first). Default: nowhere. */
  logger?: Logger
}

/** Per-call options of {@link RhombusApiClient.request}. */
export interface RhombusApiRequestOptions {
  /** A client org's uuid (`[A-Za-z0-9_-]{1,64}`), sent as `x-auth-org`: a partner key acting for a customer. */
  org?: string
  /** Aborting rejects the call with the signal's reason. */
  signal?: AbortSignal
}

/** Calls the Rhombus API with one API key, for server-side (background) work. */
export interface RhombusApiClient {
  /**
   * `POST {apiUrl}/api<path>` with the JSON `body` (default `{}`), e.g.
   * `request('/user/getUsersInOrg')`; resolves to Rhombus's JSON object answer.
   */
  request<T = Record<string, unknown>>(
    path: string,
    body?: object,
    options?: RhombusApiRequestOptions,
  ): Promise<T>
}

const pathPattern = /^(\/[\w-]+)+$/
const orgPattern = /^[A-Za-z0-9_-]{1,64}$/
const noLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }

/**
 * A {@link RhombusApiClient} for `apiKey` (Rhombus's API-key scheme: `x-auth-scheme:
 * api-token` and `x-auth-apikey`; see `shared/providers/rhombus.md`), through the BFF's
 * {@link callUpstream}: time limit, size limit, no redirects. A malformed `path` (not like
 * `/user/getUsersInOrg`) or `org` is 400 `bad_request` before any request; an empty
 * `apiKey` or an `apiUrl` that is not an http(s) URL throws `not_configured` at once. Failures reject
 * with a `BffError`: 401/403 `upstream_error` (the key was refused), `error: true` (even
 * with HTTP 200) `upstream_error` with Rhombus's `errorMsg`, 5xx `upstream_unavailable`,
 * a body that is not a JSON object `invalid_response`, and `timeout` / `upstream_unavailable`
 * when Rhombus is slow or unreachable.
 *
 * @example
 * const rhombus = createRhombusApiClient({ apiKey, apiUrl: 'https://api2.rhombussystems.com' })
 * const { users } = await rhombus.request<{ users: { email: string }[] }>('/user/getUsersInOrg')
 */
export function createRhombusApiClient(options: RhombusApiClientOptions): RhombusApiClient {
  if (typeof options.apiKey !== 'string' || options.apiKey === '') {
    throw new BffError('not_configured', 'createRhombusApiClient needs a Rhombus API key.')
  }
  const url = parseHttpUrl(options.apiUrl)
  if (url === undefined || url.search !== '' || url.hash !== '') {
    throw new BffError(
      'not_configured',
      'createRhombusApiClient needs apiUrl, the Rhombus API host as an absolute http(s) URL without query, e.g. https://api2.rhombussystems.com.',
    )
  }
  const apiUrl = options.apiUrl.replace(/\/+$/, '')
  const settings = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    logger: options.logger ? redactingLogger(options.logger) : noLogger,
  }
  const baseFetch: UpstreamFetch = options.fetch ?? ((url, init) => fetch(url, init))

  return {
    async request<T>(path: string, body: object = {}, call: RhombusApiRequestOptions = {}) {
      if (!pathPattern.test(path)) {
        throw new BffError(
          'bad_request',
          `Not a Rhombus API path: ${JSON.stringify(path.slice(0, 100))}; use one like "/user/getUsersInOrg".`,
        )
      }
      if (call.org !== undefined && !orgPattern.test(call.org)) {
        throw new BffError(
          'bad_request',
          'The org must be a Rhombus org uuid: 1 to 64 letters, digits, "_" or "-".',
        )
      }
      const { signal } = call
      signal?.throwIfAborted()
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-auth-scheme': 'api-token',
        'x-auth-apikey': options.apiKey,
      }
      if (call.org !== undefined) headers['x-auth-org'] = call.org
      // The caller's signal joins callUpstream's own (its time limit), per call.
      const upstream = callUpstream({
        ...settings,
        fetch: signal
          ? (url, init) =>
              baseFetch(url, {
                ...init,
                signal: init.signal ? AbortSignal.any([init.signal, signal]) : signal,
              })
          : baseFetch,
      })
      const response = await abortable(
        upstream({ url: `${apiUrl}/api${path}`, method: 'POST', headers, body: json(body) }),
        signal,
      )
      return processApiKeyResponse(response, path.slice(1)) as T
    },
  }
}

function json(body: object): string {
  try {
    return JSON.stringify(body)
  } catch (cause) {
    throw new BffError('bad_request', 'The body cannot be sent as JSON.', { cause })
  }
}

/** `promise`, or the signal's reason as soon as it aborts. */
async function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([promise, aborted])
  } catch (error) {
    throw signal.aborted ? signal.reason : error
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort)
  }
}

/** {@link processRhombusApiResponse}, with the refusal of a stored API key said as such. */
function processApiKeyResponse(response: UpstreamResponse, action: string) {
  return processRhombusApiResponse(response, action, {
    detail: `Rhombus refused the API key for ${action}`,
    hint: 'The API key may have been revoked in the Rhombus console, or may not be allowed this call (x-auth-scheme: api-token). Mint a new one if it was revoked.',
  })
}
