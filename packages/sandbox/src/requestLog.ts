import type { SandboxFaultKind } from './faults/SandboxFault.js'
import { parseJsonObject } from './jsonBody.js'
import { hasMediaType } from './mediaType.js'

/**
 * The emulated host a request was addressed to, named after the provider's hosts:
 * Rhombus `console`, `auth-web`, `auth`, `api`; Envoy `app` (app.envoy.com: authorize
 * and token) and `api` (api.envoy.com); Versori `platform` (platform.versori.com).
 * `api` is both Rhombus's and Envoy's: tell them apart by {@link SandboxProvider}.
 */
export type SandboxRole = 'console' | 'auth-web' | 'auth' | 'api' | 'app' | 'platform'

/** The provider an emulated host belongs to. */
export type SandboxProvider = 'rhombus' | 'envoy' | 'versori'

/**
 * One request as the sandbox received it, recorded before it is handled so that tests can
 * assert on exactly what a client sent (headers, raw body) whatever the answer was.
 */
export interface RequestRecord {
  /** Arrival time, epoch milliseconds (from the sandbox clock, so `now` in tests). */
  at: number
  method: string
  provider: SandboxProvider
  role: SandboxRole
  /** The path below the role's prefix, e.g. `/oauth/token` (never with the query). */
  path: string
  /** Query parameters; a repeated name keeps its first value. */
  query: Record<string, string>
  /** Header names lower-cased; repeated headers are joined with `, ` (Fetch semantics). */
  headers: Record<string, string>
  /** The body as raw text, `''` when there is none. */
  body: string
  /** The fault the sandbox answered with instead of the emulator (see `/__sandbox/faults`). */
  fault?: SandboxFaultKind
  /**
   * On a token endpoint (a path ending `/token`), the grant the request names as sent:
   * `grant_type` of a form or JSON body, or the legacy `grantType` (`authorization_code`,
   * `refresh_token`, `AUTHORIZATION_CODE`, ...). Tells a refresh from a code exchange.
   */
  grant?: string
}

/** The sandbox's append-only record of emulated requests. */
export interface RequestLog {
  /** Live: the same array for the log's whole life, appended to and emptied in place. */
  readonly records: RequestRecord[]
  record(entry: RequestRecord): void
  clear(): void
}

/**
 * The grant type a token request names (`grant_type` of a form or JSON body, else the
 * legacy JSON `grantType`), or `undefined`. Only the name: never a code or a token.
 */
export function tokenGrantOf(headers: Headers, body: string): string | undefined {
  if (hasMediaType(headers, 'application/x-www-form-urlencoded')) {
    return new URLSearchParams(body).get('grant_type') ?? undefined
  }
  const json = parseJsonObject(body)
  const grant = json?.grant_type ?? json?.grantType
  return typeof grant === 'string' ? grant : undefined
}

/** Creates an empty {@link RequestLog}. */
export function createRequestLog(): RequestLog {
  const records: RequestRecord[] = []
  return {
    records,
    record: (entry) => {
      records.push(entry)
    },
    clear: () => {
      records.length = 0
    },
  }
}
