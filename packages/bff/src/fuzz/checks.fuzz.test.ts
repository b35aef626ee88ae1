import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  bffRoutes,
  type FuzzBff,
  fuzzBff,
  liveSessionCookie,
  routeProperty,
} from './__tests__/bffFuzzKit.js'

/** A BFF that answers as `app.fetch` would, then `breaks` the answer. */
type Breakage = (bff: FuzzBff, request: Request, response: Response) => Response | Promise<Response>

const problem = (status: number, code: string, headers: HeadersInit = {}) =>
  new Response(
    JSON.stringify({ type: `urn:doorway:problem:${code}`, title: 'x', status, code, detail: 'x' }),
    { status, headers: { 'content-type': 'application/problem+json', ...headers } },
  )

const refused = (response: Response) => response.status >= 400

/** A live session of the fuzzed BFF (a fixture: every run starts with it stored). */
let liveCookie: string

const breakages: [string, RegExp, Breakage][] = [
  [
    'throws',
    /app.fetch threw/,
    (_, request, response) => {
      if (request.method === 'POST') throw new TypeError('boom')
      return response
    },
  ],
  [
    'logs an unexpected error',
    /logged an error/,
    (bff, _, response) => {
      bff.logger.error('unexpected error', { error: new TypeError('boom') })
      return response
    },
  ],
  [
    'answers 500',
    /status 500|500 server_error/,
    (_, __, response) => (refused(response) ? problem(500, 'server_error') : response),
  ],
  [
    'answers a 502 without calling any upstream',
    /502 without any upstream call/,
    (_, __, response) => (refused(response) ? problem(502, 'upstream_error') : response),
  ],
  [
    'answers plain text',
    /not a problem/,
    (_, __, response) =>
      refused(response) ? new Response('no', { status: response.status }) : response,
  ],
  [
    'answers an unknown code',
    /known code/,
    (_, __, response) => (refused(response) ? problem(response.status, 'oops') : response),
  ],
  [
    'stores something and refuses',
    /refused, yet wrote/,
    async (bff, _, response) => {
      if (refused(response)) {
        await bff.store.putRecord({
          kind: 'x',
          id: 'y',
          ownerId: 'fuzz-user',
          data: {},
          secrets: {},
        })
      }
      return response
    },
  ],
  [
    'ends the session and refuses with another code than session_expired',
    /refused, yet wrote session/,
    async (bff, _, response) => {
      if (!refused(response) || response.status === 401) return response
      for (const id of ['fuzz-session-standard', 'fuzz-session-partner', 'fuzz-session-random']) {
        await bff.store.updateRecord(
          'session',
          id,
          (current) =>
            current && { ...current, data: { ...current.data, ended: 'expired' }, secrets: {} },
        )
      }
      return response
    },
  ],
  [
    'sets a live session cookie and refuses',
    /live session cookie/,
    async (_, __, response) => {
      if (!refused(response)) return response
      // The refusal as it was, but for the cookie: only that can fail the checks.
      const headers = new Headers(response.headers)
      headers.append('set-cookie', `${liveCookie}; Path=/; HttpOnly`)
      return new Response(await response.text(), { status: response.status, headers })
    },
  ],
  [
    'leaks a secret',
    /answered SECRET/,
    (_, __, response) => (refused(response) ? response : Response.json({ token: 'at-SECRET' })),
  ],
  [
    'lets a cross-site request through',
    /2xx for Origin|2xx for a cross-site|2xx without the CSRF/,
    (_, request, response) =>
      request.headers.get('x-doorway-csrf') !== '1' ? Response.json({}) : response,
  ],
  [
    'answers without a session',
    /2xx without a live session/,
    (_, __, response) => (response.status === 401 ? new Response('{}', { status: 200 }) : response),
  ],
]

describe('fuzz: the checks catch what they claim to', () => {
  let bff: FuzzBff
  beforeAll(async () => {
    bff = await fuzzBff()
    liveCookie = await liveSessionCookie()
  })

  it.each(breakages)('a BFF that %s fails', async (_, message, breaks) => {
    const broken: FuzzBff = {
      ...bff,
      fetch: async (request) => breaks(bff, request, await bff.app.fetch(request.clone())),
    }
    await expect(
      fc.assert(routeProperty(broken, bffRoutes.apiKeys), {
        seed: 1,
        numRuns: 2000,
        endOnFailure: true,
      }),
    ).rejects.toSatisfy((error: Error) => message.test(String(error.cause)))
  })
})
