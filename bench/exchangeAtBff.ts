import { benchSettings } from './benchSettings.js'

/** How one `POST /bff/auth/rhombus/exchange` ended, as the load driver classifies it. */
export type ExchangeOutcome =
  /** 200 with a `doorway_session` cookie and an authenticated session summary. */
  | { kind: 'session'; status: number; ms: number; cookie: string }
  /** An RFC 9457 problem: `application/problem+json` whose `type`, `status` and `code` agree. */
  | { kind: 'problem'; status: number; ms: number; code: string }
  /** An answer that is neither: the BFF broke its contract. */
  | { kind: 'untyped'; status: number; ms: number; detail: string }
  /** No answer: the socket failed or 30 s passed. */
  | { kind: 'unanswered'; ms: number; detail: string }

/**
 * Exchanges `code` through the BFF at `bffUrl` (its origin) as the Doorway browser client
 * does (JSON body with the bench verifier and redirect URI, `Origin` and the CSRF header)
 * and classifies the answer. Never throws: a socket error is an outcome.
 */
export async function exchangeAtBff(bffUrl: string, code: string): Promise<ExchangeOutcome> {
  const started = performance.now()
  const ms = () => performance.now() - started
  let response: Response
  let text: string
  try {
    response = await fetch(`${bffUrl}/bff/auth/rhombus/exchange`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: benchSettings.appOrigin,
        'x-doorway-csrf': '1',
      },
      body: JSON.stringify({
        code,
        codeVerifier: benchSettings.codeVerifier,
        redirectUri: benchSettings.redirectUri,
      }),
      signal: AbortSignal.timeout(30_000),
    })
    text = await response.text()
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
    return { kind: 'unanswered', ms: ms(), detail: String(cause) }
  }
  const elapsed = ms()
  const body = parseJson(text)
  const { status } = response
  if (status === 200) {
    const cookie = response.headers
      .getSetCookie()
      .find((header) => header.startsWith('doorway_session='))
      ?.split(';')[0]
    if (cookie !== undefined && body?.authenticated === true) {
      return { kind: 'session', status, ms: elapsed, cookie }
    }
    return { kind: 'untyped', status, ms: elapsed, detail: '200 without a session cookie' }
  }
  const problem =
    response.headers.get('content-type') === 'application/problem+json' &&
    typeof body?.code === 'string' &&
    body.type === `urn:doorway:problem:${body.code}` &&
    body.status === status &&
    typeof body.title === 'string' &&
    typeof body.detail === 'string'
  if (problem) return { kind: 'problem', status, ms: elapsed, code: body.code as string }
  return { kind: 'untyped', status, ms: elapsed, detail: `${status} ${text.slice(0, 120)}` }
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
