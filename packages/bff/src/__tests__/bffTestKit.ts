import { type Mock, vi } from 'vitest'
import type { BffConfig, RhombusBffConfig, UpstreamFetch } from '../config/BffConfig.js'
import { createDoorwayBff, type DoorwayBff } from '../createDoorwayBff.js'
import type { Logger } from '../logging/Logger.js'

export const sessionSecret = 'test-session-secret-0123456789abcdef'
export const redirectUri = 'http://localhost:5173/oauth/callback/rhombus'
export const appOrigin = 'http://localhost:5173'
export const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
export const rhombusSettings = {
  clientId: 'client id:1',
  clientSecret: 's3cr3t+/=&secret',
  consoleUrl: 'https://console.test',
  authUrl: 'https://auth.test',
  apiUrl: 'https://api.test',
  redirectUri,
} satisfies RhombusBffConfig

/** One request as the upstream saw it. */
export interface RecordedCall {
  url: string
  method: string
  headers: Record<string, string>
  body: string | undefined
  init: RequestInit
}

export type Responder = (call: RecordedCall, index: number) => Response | Promise<Response>

/** A fetch that records every call and answers with `respond`. */
export function recordingFetch(respond: Responder = () => Response.json({})) {
  const calls: RecordedCall[] = []
  const fetch: UpstreamFetch = async (url, init) => {
    const call: RecordedCall = {
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers)),
      body: typeof init.body === 'string' ? init.body : undefined,
      init,
    }
    calls.push(call)
    return respond(call, calls.length - 1)
  }
  return { fetch, calls }
}

/** A logger whose every call is recorded. */
export type SpyLogger = { [Level in keyof Logger]: Mock<Logger[Level]> }

export function spyLogger(): SpyLogger {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() }
}

export type TestBffOptions = Omit<Partial<BffConfig>, 'rhombus'> & {
  respond?: Responder
  /** Overrides of the fake Rhombus settings; `null` leaves Rhombus unconfigured. */
  rhombus?: Partial<RhombusBffConfig> | null
}

/** A BFF over a recording fetch, with Rhombus configured against fake hosts. */
export function testBff(options: TestBffOptions = {}): {
  app: DoorwayBff
  calls: RecordedCall[]
  logger: Logger
} {
  const { respond, rhombus, ...config } = options
  const upstream = recordingFetch(respond)
  const logger = config.logger ?? spyLogger()
  const bffConfig: BffConfig = { sessionSecret, fetch: upstream.fetch, logger, ...config }
  if (rhombus !== null) bffConfig.rhombus = { ...rhombusSettings, ...rhombus }
  const app = createDoorwayBff(bffConfig)
  return { app, calls: upstream.calls, logger }
}

export interface RequestOptions {
  body?: unknown
  /** Raw body text; wins over `body`. */
  text?: string
  headers?: Record<string, string>
  cookie?: string
  /** Send `x-doorway-csrf: 1`. Default true. */
  csrf?: boolean
  /** Default {@link appOrigin}; `null` sends none. */
  origin?: string | null
  base?: string
}

/** A `Request` as the Doorway browser client would send it, adjustable per test. */
export function bffRequest(method: string, path: string, options: RequestOptions = {}): Request {
  const headers = new Headers(options.headers)
  if (options.csrf !== false) headers.set('x-doorway-csrf', '1')
  const origin = options.origin === undefined ? appOrigin : options.origin
  if (origin !== null) headers.set('origin', origin)
  if (options.cookie) headers.set('cookie', options.cookie)
  let body: string | undefined = options.text
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  }
  return new Request(`${options.base ?? 'http://localhost:5173'}${path}`, {
    method,
    headers,
    body: body ?? null,
  })
}

/** The `name=value` pair of the response's session cookie, for the next request's `Cookie`. */
export function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie')
  if (!header) throw new Error('no Set-Cookie')
  return header.split(';')[0] as string
}

/** A successful token response of the `oauth2` dialect. */
export function oauth2Tokens(overrides: Record<string, unknown> = {}): Response {
  return Response.json({
    access_token: 'at-SECRET-access',
    refresh_token: 'rt-SECRET-refresh',
    token_type: 'Bearer',
    expires_in: 3600,
    ...overrides,
  })
}

/** Signs in through the exchange route and returns the session cookie pair. */
export async function signIn(
  app: DoorwayBff,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await app.request(
    bffRequest('POST', '/bff/auth/rhombus/exchange', {
      body: { code: 'code-SECRET', codeVerifier: verifier, redirectUri, ...extra },
    }),
  )
  if (response.status !== 200) throw new Error(`sign-in failed: ${await response.text()}`)
  return cookieOf(response)
}
