import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  appOrigin,
  redirectUri,
  sessionSecret,
  spyLogger,
  verifier,
} from './__tests__/bffTestKit.js'
import { fakeUpstream } from './__tests__/fakeUpstream.js'
import { createDoorwayBff } from './createDoorwayBff.js'
import { type DoorwayBffServer, serveDoorwayBff, toNodeHandler } from './node.js'

let rhombus: Awaited<ReturnType<typeof fakeUpstream>>
let bff: DoorwayBffServer

beforeAll(async () => {
  rhombus = await fakeUpstream((req, res, body) => {
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'set-cookie': 'rhombus=1' })
      res.end(JSON.stringify(value))
    }
    if (req.url === '/auth-web/oauth/token') {
      const form = new URLSearchParams(body)
      const basic = `Basic ${Buffer.from('cid:csecret').toString('base64')}`
      if (req.headers.authorization !== basic) return send(401, { error: 'invalid_client' })
      if (form.get('code') !== 'good-code') return send(400, { error: 'invalid_grant' })
      return send(200, {
        access_token: 'socket-token',
        refresh_token: 'socket-refresh',
        token_type: 'Bearer',
        expires_in: 3600,
      })
    }
    // The sign-in confirms the token: a standard account of one org.
    if (req.url === '/api/org/getOrgV2' && req.headers['x-auth-access-token'] === 'socket-token') {
      return send(200, { org: { uuid: 'org-SOCKET', name: 'Socket Org' } })
    }
    if (
      req.url === '/api/user/getUsersInOrg' &&
      req.headers['x-auth-access-token'] === 'socket-token'
    ) {
      return send(200, { users: [{ email: 'ada@example.test' }] })
    }
    if (req.url === '/api/slow') return
    send(404, { error: true, errorMsg: 'no such endpoint' })
  })
  bff = await serveDoorwayBff(
    {
      sessionSecret,
      logger: spyLogger(),
      upstreamTimeoutMs: 300,
      rhombus: {
        clientId: 'cid',
        clientSecret: 'csecret',
        redirectUri,
        authUrl: `${rhombus.url}/auth-web`,
        apiUrl: rhombus.url,
      },
    },
    { port: 0, hostname: '127.0.0.1' },
  )
})

afterAll(async () => {
  await bff?.close()
  await rhombus?.close()
})

const headers = { origin: appOrigin, 'x-doorway-csrf': '1', 'content-type': 'application/json' }

/** A request with its path sent exactly as written (no URL normalisation on the client). */
function rawRequest(method: string, path: string, extra: Record<string, string> = {}) {
  const { port } = new URL(bff.url)
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, ...extra } },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(method === 'POST' ? '{}' : undefined)
  })
}

describe('serveDoorwayBff over a real socket', () => {
  it('serves the whole flow: config, exchange, session, proxy, sign-out', async () => {
    expect(bff.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/bff$/)
    const config = await (await fetch(`${bff.url}/config`)).json()
    expect(config.providers.rhombus.clientId).toBe('cid')

    const exchange = await fetch(`${bff.url}/auth/rhombus/exchange`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'good-code', codeVerifier: verifier, redirectUri }),
    })
    expect(exchange.status).toBe(200)
    const cookie = (exchange.headers.get('set-cookie') ?? '').split(';')[0] as string
    expect(cookie).toMatch(/^doorway_session=/)

    const session = await (await fetch(`${bff.url}/session`, { headers: { cookie } })).json()
    expect(session).toMatchObject({
      authenticated: true,
      provider: 'rhombus',
      isPartner: false,
      org: { uuid: 'org-SOCKET', name: 'Socket Org' },
    })

    const users = await fetch(`${bff.url}/rhombus/api/user/getUsersInOrg`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: '{}',
    })
    expect(users.status).toBe(200)
    expect(users.headers.get('set-cookie')).toBeNull()
    expect(await users.json()).toEqual({ users: [{ email: 'ada@example.test' }] })
    const proxied = rhombus.requests.at(-1)
    expect(proxied?.headers.cookie).toBeUndefined()
    expect(proxied?.headers['x-doorway-csrf']).toBeUndefined()

    const signOut = await fetch(`${bff.url}/auth/signout`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: '{}',
    })
    expect(signOut.status).toBe(200)
    expect(signOut.headers.get('set-cookie')).toContain('Max-Age=0')
    expect(await (await fetch(`${bff.url}/session`, { headers: { cookie } })).json()).toEqual({
      authenticated: false,
    })
  })

  it('a refused code is a problem and sets no cookie', async () => {
    const response = await fetch(`${bff.url}/auth/rhombus/exchange`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'bad-code', codeVerifier: verifier, redirectUri }),
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect((await response.json()).code).toBe('invalid_grant')
    expect(response.headers.get('set-cookie')).toBeNull()
  })

  it('17. raw traversal, backslashes and absolute-form targets are 4xx and reach no upstream', async () => {
    const before = rhombus.requests.length
    for (const path of [
      '/bff/rhombus/api/../auth/signout',
      '/bff/rhombus/api/%2e%2e/%2E%2E/%2e%2e/etc/passwd',
      '/bff/rhombus/api/user/..%2f..%2fadmin',
      '/bff/rhombus/api/user%5cadmin',
      '/bff/rhombus/api/user\\admin',
      '/bff/rhombus/api//evil.test/x',
      'http://evil.test/bff/rhombus/api/user/..%2Fx',
    ]) {
      for (const method of ['GET', 'POST']) {
        const { status } = await rawRequest(method, path)
        expect(status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
        expect(status, `${method} ${path}`).toBeLessThan(500)
      }
    }
    const { status } = await rawRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
      host: 'evil.test',
    })
    expect(status).toBe(401)
    expect(rhombus.requests.length).toBe(before)
  })

  it('20. a slow upstream is 504 within the timeout, and the server keeps serving', async () => {
    const exchange = await fetch(`${bff.url}/auth/rhombus/exchange`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ code: 'good-code', codeVerifier: verifier, redirectUri }),
    })
    expect(exchange.status).toBe(200)
    const cookie = (exchange.headers.get('set-cookie') ?? '').split(';')[0] as string
    const started = Date.now()
    const slow = await fetch(`${bff.url}/rhombus/api/slow`, {
      method: 'POST',
      headers: { ...headers, cookie },
      body: '{}',
    })
    expect(slow.status).toBe(504)
    expect(Date.now() - started).toBeLessThan(300 + 700)
    expect((await fetch(`${bff.url}/session`)).status).toBe(200)
  })
})

describe('toNodeHandler', () => {
  it('serves the BFF from a plain node:http server, and from an Express-style mount that strips the path', async () => {
    const handler = toNodeHandler(createDoorwayBff({ sessionSecret }))
    const server = createServer((req, res) => {
      // What Express does for app.use('/bff', handler): strip the mount path, keep originalUrl.
      const r = req as typeof req & { originalUrl?: string }
      if (req.url?.startsWith('/mounted/bff/')) {
        r.originalUrl = req.url.slice('/mounted'.length)
        req.url = req.url.slice('/mounted/bff'.length)
      }
      void handler(r, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      for (const path of ['/bff/session', '/mounted/bff/session']) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`)
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ authenticated: false })
      }
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('behind express.json(): a body read by another middleware is a 500 problem that says so, not "not valid JSON"', async () => {
    const { default: express } = await import('express')
    const app = express()
    app.use(express.json()) // the mistake: a body parser ahead of the BFF
    app.use('/bff', toNodeHandler(createDoorwayBff({ sessionSecret })))
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    const { port } = server.address() as AddressInfo
    try {
      const response = await fetch(`http://127.0.0.1:${port}/bff/auth/signout`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-doorway-csrf': '1',
          origin: 'http://localhost:5173',
        },
        body: '{}',
      })
      expect(response.status).toBe(500)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
      const problem = await response.json()
      expect(problem.code).toBe('server_error')
      expect(problem.detail).toContain('The request body was read before the BFF saw it')
      expect(problem.detail).toContain('mount the BFF before any body parser')
      // A request without a body still reaches the BFF.
      const session = await fetch(`http://127.0.0.1:${port}/bff/session`)
      expect(await session.json()).toEqual({ authenticated: false })
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
