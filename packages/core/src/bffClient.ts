import { DoorwayError, type DoorwayErrorOptions } from './errors.js'
import type {
  DoorwayErrorCode,
  ProblemDetails,
  PublicConfig,
  RhombusExchangeRequest,
  SessionSummary,
  SignOutRequest,
} from './wire.js'

// The fields read from an error answer: a problem document of the BFF (whose code may be
// one this version does not list), or an upstream's body relayed (Rhombus: `error: true`).
type Answer = Partial<Omit<ProblemDetails, 'code' | 'error'>> & {
  code?: unknown
  error?: string | boolean
  errorMsg?: string
}

/** Per-call options of {@link BffClient.rhombusRequest}. */
export interface RequestOptions {
  method?: 'GET' | 'POST'
  signal?: AbortSignal
  /**
   * A partner session acting for one of its client orgs: the org's uuid, sent as
   * `x-doorway-org` (the BFF forwards it as `x-auth-org`).
   */
  org?: string
}

/** Options of {@link BffClient.signOut}: those of its body. */
export type SignOutOptions = SignOutRequest

/** Options of {@link createBffClient}. */
export interface BffClientOptions {
  /** Where the BFF is mounted. Default `/bff`. */
  baseUrl?: string
  fetch?: typeof fetch
  /** Per request, body included. Default 15 000. */
  timeoutMs?: number
  /** Called when the BFF answers `session_expired` (before the call rejects). */
  onSessionExpired?: () => void
}

/** The BFF's HTTP contract as functions. Failures reject with a {@link DoorwayError}. */
export interface BffClient {
  /**
   * Any BFF route, by method and path below the base URL, with a JSON body when one is
   * given, e.g. `request('GET', '/envoy/connection?via=direct')`.
   */
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    headers?: Record<string, string>,
  ): Promise<T>
  getConfig(): Promise<PublicConfig>
  getSession(): Promise<SessionSummary>
  exchangeRhombus(body: RhombusExchangeRequest): Promise<SessionSummary>
  /**
   * `POST /auth/signout`: ends this session on the server, or with `everywhere` (sent as
   * the body `{"everywhere": true}`) every session of this user.
   *
   * @example
   * await bff.signOut({ everywhere: true })
   */
  signOut(options?: SignOutOptions): Promise<SessionSummary>
  /** Calls the Rhombus API through the BFF proxy, e.g. `rhombusRequest('/user/getUsersInOrg')`. */
  rhombusRequest<T = unknown>(path: string, body?: unknown, options?: RequestOptions): Promise<T>
}

/**
 * Creates a client for the BFF. Every request is same-origin with credentials, carries
 * `x-doorway-csrf: 1` and times out. Error answers
 * ([RFC 9457](https://www.rfc-editor.org/rfc/rfc9457) problem details) become a
 * {@link DoorwayError} with the same code; non-JSON is `invalid_response`, an unreachable
 * BFF `network_error`, a slow one `timeout`. A caller's abort rejects with its reason.
 */
export function createBffClient({
  baseUrl = '/bff',
  // Looked up per call, so a fetch installed later (a test's stub, a polyfill) is used.
  fetch: f = (input, init) => fetch(input, init),
  timeoutMs = 15_000,
  onSessionExpired,
}: BffClientOptions = {}): BffClient {
  const base = baseUrl.replace(/\/+$/, '')
  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    headers?: Record<string, string>,
  ): Promise<T> {
    const timer = AbortSignal.timeout(timeoutMs)
    let res: Response
    let text: string
    try {
      res = await f(base + path, {
        method,
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          'x-doorway-csrf': '1',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
        body: JSON.stringify(body) ?? null,
        signal: signal ? AbortSignal.any([timer, signal]) : timer,
      })
      text = await res.text()
    } catch (cause) {
      if (!timer.aborted && signal?.aborted) throw cause
      throw new DoorwayError(timer.aborted ? 'timeout' : 'network_error', undefined, { cause })
    }
    const status = res.status
    let data: Answer | null
    try {
      data = JSON.parse(text)
    } catch (cause) {
      throw new DoorwayError('invalid_response', `${path}: HTTP ${status}, not JSON`, {
        status,
        cause,
      })
    }
    // Rhombus reports some failures as HTTP 200 with `error: true`.
    if (!res.ok || data?.error === true) {
      // A problem document of the BFF names its code; any other answer is the upstream's own.
      const problem: Answer =
        typeof data?.code === 'string'
          ? data
          : { code: 'upstream_error', detail: data?.errorMsg ?? `HTTP ${status}` }
      if (problem.code === 'session_expired') onSessionExpired?.()
      // Trusted: the BFF sends only codes of the closed set (its code.test.ts checks them).
      throw new DoorwayError(problem.code as DoorwayErrorCode, problem.detail, {
        ...(problem as DoorwayErrorOptions),
        status,
        cause: data,
      })
    }
    return data as T
  }
  return {
    request: call,
    getConfig: () => call<PublicConfig>('GET', '/config'),
    getSession: () => call<SessionSummary>('GET', '/session'),
    exchangeRhombus: (body) => call<SessionSummary>('POST', '/auth/rhombus/exchange', body),
    signOut: (options) =>
      call<SessionSummary>(
        'POST',
        '/auth/signout',
        options?.everywhere ? ({ everywhere: true } satisfies SignOutRequest) : undefined,
      ),
    async rhombusRequest<T>(
      path: string,
      body?: unknown,
      { method = 'POST', signal, org }: RequestOptions = {},
    ): Promise<T> {
      if (!/^(\/[\w-]+)+$/.test(path)) {
        throw new DoorwayError('bad_request', `Not a Rhombus API path: ${path}`)
      }
      return call<T>(
        method,
        `/rhombus/api${path}`,
        method === 'GET' ? undefined : (body ?? {}),
        signal,
        org === undefined ? undefined : { 'x-doorway-org': org },
      )
    },
  }
}
