import { describe, expect, it } from 'vitest'
import {
  appOrigin,
  bffRequest,
  oauth2Tokens,
  redirectUri,
  rhombusSettings,
  sessionSecret,
  signIn,
  spyLogger,
  testBff,
  verifier,
} from './__tests__/bffTestKit.js'
import { createDoorwayBff } from './createDoorwayBff.js'

describe('createDoorwayBff', () => {
  it('GET /config shows public Rhombus data only, never the secret', async () => {
    const { app } = testBff({ rhombus: { protocol: 'legacy' } })
    const response = await app.request(bffRequest('GET', '/bff/config', { csrf: false }))
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({
      providers: {
        rhombus: {
          clientId: rhombusSettings.clientId,
          protocol: 'legacy',
          consoleUrl: 'https://console.test',
          redirectUri,
          supportsPartners: true,
        },
      },
      connect: { direct: false, rhombus: false, versori: false },
    })
    expect(text).not.toContain(rhombusSettings.clientSecret)
    expect(text).not.toContain('auth.test')
  })

  it('GET /config says when partner accounts may not sign in', async () => {
    const { app } = testBff({ rhombus: { supportsPartners: false } })
    const config = await (await app.request(bffRequest('GET', '/bff/config'))).json()
    expect(config.providers.rhombus.supportsPartners).toBe(false)
  })

  it('without Rhombus: empty providers, and Rhombus routes answer not_configured', async () => {
    const { app } = testBff({ rhombus: null, allowedOrigins: [appOrigin] })
    expect(await (await app.request(bffRequest('GET', '/bff/config'))).json()).toEqual({
      providers: {},
      connect: { direct: false, rhombus: false, versori: false },
    })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { code: 'c', codeVerifier: verifier, redirectUri },
      }),
    )
    expect(response.status).toBe(501)
    expect((await response.json()).code).toBe('not_configured')
  })

  it('answers problems as RFC 9457 application/problem+json', async () => {
    const { app } = testBff()
    const response = await app.request(bffRequest('GET', '/bff/nope'))
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(await response.json()).toEqual({
      type: 'urn:doorway:problem:not_found',
      title: 'Not Found',
      status: 404,
      code: 'not_found',
      detail:
        "No route for GET /bff/nope under the BFF's base path /bff; its routes are /config, /session, /auth/..., /rhombus/..., /envoy/... and /connections/... (see docs/architecture.md).",
    })
  })

  it('a request outside the base path (the BFF mounted at /auth, its basePath /bff) is a 404 that names the base path and the fix', async () => {
    const { app } = testBff()
    const response = await app.request(bffRequest('GET', '/auth/session'))
    expect(response.status).toBe(404)
    const { detail } = await response.json()
    expect(detail).toBe(
      "No route for GET /auth/session: the BFF's routes are under its base path /bff (e.g. /bff/session). Mount it at /bff, or set basePath to where it is mounted (and the same baseUrl on DoorwayProvider).",
    )
  })

  it("a problem's log line carries its detail and the provider's error, never a token", async () => {
    const logger = spyLogger()
    const { app } = testBff({
      logger,
      respond: () =>
        Response.json(
          { error: 'invalid_client', error_description: 'Client authentication failed' },
          { status: 401 },
        ),
    })
    const response = await app.request(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { code: 'c0de-SECRET', codeVerifier: verifier, redirectUri },
      }),
    )
    expect(response.status).toBeGreaterThanOrEqual(400)
    const problem = await response.json()
    const lines = [...logger.debug.mock.calls, ...logger.warn.mock.calls].filter(
      ([message]) => message === 'problem',
    )
    expect(lines).toHaveLength(1)
    expect(lines[0]?.[1]).toMatchObject({
      problem: problem.code,
      detail: problem.detail,
      error: 'invalid_client',
    })
    expect(JSON.stringify(lines)).not.toContain('c0de-SECRET')
    expect(JSON.stringify(lines)).not.toContain(verifier)
  })

  it('wrong methods are 405 with Allow; HEAD works where GET does', async () => {
    const { app } = testBff()
    const put = await app.request(bffRequest('PUT', '/bff/session'))
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD')
    expect((await put.json()).code).toBe('method_not_allowed')
    const get = await app.request(bffRequest('GET', '/bff/auth/signout'))
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    const head = await app.request(bffRequest('HEAD', '/bff/session'))
    expect(head.status).toBe(200)
  })

  it('every answer is no-store and nosniff', async () => {
    const { app } = testBff()
    for (const response of [
      await app.request(bffRequest('GET', '/bff/session')),
      await app.request(bffRequest('GET', '/bff/nope')),
      await app.request(bffRequest('POST', '/bff/auth/signout', { csrf: false })),
    ]) {
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('mounts at any base path, including the root', async () => {
    for (const basePath of ['/api/auth', '']) {
      const app = createDoorwayBff({ sessionSecret, basePath, allowedOrigins: [appOrigin] })
      expect((await app.request(bffRequest('GET', `${basePath}/session`))).status).toBe(200)
      expect((await app.request(bffRequest('GET', '/bff/session'))).status).toBe(404)
    }
  })

  it('throws a clear error for a short session secret', () => {
    expect(() => createDoorwayBff({ sessionSecret: 'short' })).toThrow(/at least 32 characters/)
  })

  it('a web-standard fetch handler: app.fetch(Request) => Response', async () => {
    const { app } = testBff()
    const response = await app.fetch(bffRequest('GET', '/bff/session'))
    expect(response).toBeInstanceOf(Response)
  })
})

describe('23. bad input gets a clear 4xx problem and changes nothing', () => {
  const exchange = (options: Parameters<typeof bffRequest>[2]) =>
    bffRequest('POST', '/bff/auth/rhombus/exchange', options)
  const json = { 'content-type': 'application/json' }
  const valid = { code: 'c', codeVerifier: verifier, redirectUri }

  it.each([
    [
      'malformed JSON',
      exchange({ text: '{"code":', headers: json }),
      400,
      'bad_request',
      'not valid JSON',
    ],
    ['an empty body', exchange({ text: '', headers: json }), 400, 'bad_request', 'not valid JSON'],
    ['a JSON array', exchange({ body: [valid] }), 400, 'bad_request', 'JSON object'],
    ['JSON null', exchange({ text: 'null', headers: json }), 400, 'bad_request', 'JSON object'],
    [
      'a missing redirectUri',
      exchange({ body: { code: 'c', codeVerifier: verifier } }),
      400,
      'bad_request',
      '"redirectUri"',
    ],
    ['a numeric code', exchange({ body: { ...valid, code: 42 } }), 400, 'bad_request', '"code"'],
    ['an empty code', exchange({ body: { ...valid, code: '' } }), 400, 'bad_request', '"code"'],
    [
      'a missing code',
      exchange({ body: { codeVerifier: verifier, redirectUri } }),
      400,
      'bad_request',
      '"code"',
    ],
    [
      'a missing codeVerifier',
      exchange({ body: { code: 'c', redirectUri } }),
      400,
      'bad_request',
      '"codeVerifier"',
    ],
    [
      'an object codeVerifier',
      exchange({ body: { ...valid, codeVerifier: {} } }),
      400,
      'bad_request',
      '"codeVerifier"',
    ],
    [
      'a short codeVerifier',
      exchange({ body: { ...valid, codeVerifier: 'abc' } }),
      400,
      'bad_request',
      'RFC 7636',
    ],
    [
      'a string isPartner',
      exchange({ body: { ...valid, isPartner: 'true' } }),
      400,
      'bad_request',
      '"isPartner"',
    ],
    [
      'a form body',
      exchange({
        text: 'code=c',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
      'unsupported_media_type',
      'JSON',
    ],
    [
      'no content type',
      exchange({ text: JSON.stringify(valid) }),
      415,
      'unsupported_media_type',
      'JSON',
    ],
    [
      'text/plain',
      exchange({ text: JSON.stringify(valid), headers: { 'content-type': 'text/plain' } }),
      415,
      'unsupported_media_type',
      'JSON',
    ],
    [
      'a huge body',
      exchange({ body: { ...valid, pad: 'x'.repeat(70_000) } }),
      413,
      'payload_too_large',
      'larger than 65536 bytes',
    ],
    [
      'an unknown route',
      bffRequest('POST', '/bff/auth/github/exchange', { body: valid }),
      404,
      'not_found',
      'No route',
    ],
    [
      'an unknown GET route',
      bffRequest('GET', '/bff/../../etc/passwd'),
      404,
      'not_found',
      'No route',
    ],
    ['a path outside the base', bffRequest('GET', '/admin'), 404, 'not_found', 'No route'],
  ] as const)('23. %s', async (_, request, status, code, detail) => {
    const { app, calls } = testBff({ respond: () => oauth2Tokens() })
    const response = await app.request(request)
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    const problem = await response.json()
    expect(problem).toMatchObject({ status, code })
    expect(problem.detail).toContain(detail)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(calls).toHaveLength(0)
  })

  it('23. a huge body without Content-Length is cut off while streaming', async () => {
    const { app, calls } = testBff()
    const chunk = new TextEncoder().encode(`{"pad":"${'x'.repeat(16 * 1024)}`)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength
        controller.enqueue(chunk)
        if (sent > 10 * 1024 * 1024) controller.close()
      },
    })
    const request = new Request('http://localhost:5173/bff/auth/rhombus/exchange', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-doorway-csrf': '1' },
      body,
      duplex: 'half',
    } as RequestInit)
    const response = await app.request(request)
    expect(response.status).toBe(413)
    expect(sent).toBeLessThan(200 * 1024)
    expect(calls).toHaveLength(0)
  })

  it('23. bad input leaves an existing session as it was', async () => {
    const { app } = testBff({ respond: () => oauth2Tokens() })
    const cookie = await signIn(app)
    const response = await app.request(exchange({ cookie, text: '{', headers: json }))
    expect(response.status).toBe(400)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(
      await (await app.request(bffRequest('GET', '/bff/session', { cookie }))).json(),
    ).toMatchObject({
      authenticated: true,
    })
  })
})
