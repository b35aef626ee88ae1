import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { completeRhombusAuthorization, type Sandbox, startSandbox } from '@doorway/sandbox'
import express from 'express'
import { Hono } from 'hono'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { appOrigin, redirectUri, sessionSecret, verifier } from './__tests__/bffTestKit.js'
import { bffEnvironment } from './config/loadBffConfig.js'
import {
  createDoorwayBff,
  createSqliteCredentialStore,
  type DoorwayBff,
  defaultDatabaseFile,
  loadBffConfig,
  type RhombusApiKey,
  rhombusApiKeys,
  type SessionSummary,
} from './index.js'
import { toNodeHandler } from './node.js'
import { createPostgresCredentialStore, isPostgresUrl } from './postgres.js'

/*
 * The mounting examples of the docs, run for real: a BFF configured from `process.env` (as
 * the docs' code is) against the sandbox over HTTP, mounted in Express 5 on a real port, as
 * Next.js App Router route handlers, and inside a Hono app; then the server-side code of
 * docs/guides/partners-and-api-keys.md.
 *
 * The code between `// #region docs:<name>` and `// #endregion` is the code of the docs,
 * kept the same BY HAND: change one, change the other. The last test checks that each
 * region still appears verbatim in a code block of its page.
 */

/** S256 of {@link verifier} (RFC 7636 Appendix B). */
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

let sandbox: Sandbox
let databaseDir: string

beforeAll(async () => {
  sandbox = await startSandbox()
  databaseDir = mkdtempSync(join(tmpdir(), 'doorway-mounting-'))
  // Only what this test sets: nothing from the shell running it.
  for (const name of Object.keys(bffEnvironment)) vi.stubEnv(name, '')
  vi.stubEnv('SESSION_SECRET', sessionSecret)
  vi.stubEnv('RHOMBUS_CLIENT_ID', 'sandbox-client')
  vi.stubEnv('RHOMBUS_CLIENT_SECRET', 'sandbox-secret')
  vi.stubEnv('RHOMBUS_REDIRECT_URI', redirectUri)
  vi.stubEnv('RHOMBUS_CONSOLE_URL', sandbox.rhombus.consoleUrl)
  vi.stubEnv('RHOMBUS_AUTH_URL', sandbox.rhombus.authWebUrl)
  vi.stubEnv('RHOMBUS_API_URL', sandbox.rhombus.apiUrl)
  vi.stubEnv('DOORWAY_DB', join(databaseDir, 'doorway.db'))
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await sandbox?.close()
  if (databaseDir) rmSync(databaseDir, { recursive: true, force: true })
})

// #region docs:next-route
let bff: DoorwayBff | undefined

// Built on the first request, not at import: `next build` imports this file without your
// runtime environment.
function handler(request: Request): Response | Promise<Response> {
  bff ??= createDoorwayBff(loadBffConfig(process.env))
  return bff.fetch(request)
}

export const GET = handler
export const POST = handler
export const DELETE = handler
// #endregion

// #region docs:owner-id
/** The Doorway user id of the request's session (the `ownerId` of the user's API keys). */
async function doorwayUserId(bff: DoorwayBff, request: Request): Promise<string | undefined> {
  const headers = new Headers()
  for (const name of ['cookie', 'x-forwarded-proto']) {
    const value = request.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  const answer = await bff.fetch(new Request(new URL('/bff/session', request.url), { headers }))
  const session = (await answer.json()) as SessionSummary
  return session.user?.id
}
// #endregion

/** One mounted BFF: where its app answers, how a request reaches it, and one of the app's own routes. */
interface Mounted {
  /** The origin requests are sent to. */
  base: string
  send: (request: Request) => Promise<Response>
  close: () => Promise<void>
}

/** A request as the browser client sends it from the app's origin (CSRF header on unless asked). */
function browserRequest(
  base: string,
  method: string,
  path: string,
  options: { cookie?: string; body?: unknown; csrf?: boolean } = {},
): Request {
  const headers = new Headers({ accept: 'application/json', origin: appOrigin })
  if (options.csrf !== false) headers.set('x-doorway-csrf', '1')
  if (options.cookie) headers.set('cookie', options.cookie)
  if (options.body !== undefined) headers.set('content-type', 'application/json')
  return new Request(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
  })
}

/** Signs in as the sandbox's standard account through `mounted`, the way the browser does. */
async function signIn({ base, send }: Mounted): Promise<string> {
  const config = (await (await send(browserRequest(base, 'GET', '/bff/config'))).json()) as {
    providers: { rhombus: { consoleUrl: string; clientId: string; redirectUri: string } }
  }
  const rhombus = config.providers.rhombus
  const authorize = new URL(`${rhombus.consoleUrl}/oauth/authorize`)
  authorize.search = new URLSearchParams({
    client_id: rhombus.clientId,
    redirect_uri: rhombus.redirectUri,
    response_type: 'code',
    state: 'state-0123456789abcdef0123456789abcdef',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  const callback = await completeRhombusAuthorization(authorize, { decision: 'approve' })
  const code = callback.searchParams.get('code')
  const exchange = await send(
    browserRequest(base, 'POST', '/bff/auth/rhombus/exchange', {
      body: { code, codeVerifier: verifier, redirectUri: rhombus.redirectUri },
    }),
  )
  expect(exchange.status).toBe(200)
  const cookie = exchange.headers.get('set-cookie')?.split(';')[0]
  expect(cookie).toMatch(/^doorway_session=./)
  return cookie as string
}

/** Express 5 on a real port, reached over HTTP. */
async function expressMount(): Promise<Mounted> {
  // #region docs:express
  const bff = createDoorwayBff(loadBffConfig(process.env))

  const app = express()
  // Before any body parser: the BFF reads its own request bodies.
  app.use('/bff', toNodeHandler(bff))
  app.use(express.json())
  // #endregion
  app.post('/api/echo', (req, res) => {
    res.json({ echo: req.body })
  })
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    )
  })
  const { port } = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    send: (request) => fetch(request),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** The Next.js route handlers above, called as Next.js calls them: by method. */
async function nextMount(): Promise<Mounted> {
  const handlers: Record<string, (request: Request) => Response | Promise<Response>> = {
    GET,
    POST,
    DELETE,
  }
  return {
    base: appOrigin,
    send: async (request) => {
      const handle = handlers[request.method]
      return handle ? handle(request) : new Response(null, { status: 405 })
    },
    close: async () => {},
  }
}

/** The BFF inside a Hono app, called in process. */
async function honoMount(): Promise<Mounted> {
  // #region docs:hono
  const bff = createDoorwayBff(loadBffConfig(process.env))

  const app = new Hono()
  app.all('/bff/*', (c) => bff.fetch(c.req.raw))
  // #endregion
  app.post('/api/echo', async (c) => c.json({ echo: await c.req.json() }))
  return {
    base: appOrigin,
    send: async (request) => app.request(request),
    close: async () => {},
  }
}

describe.each([
  { name: 'Express 5, on a real port', mount: expressMount, ownRoutes: true },
  {
    name: 'Next.js route handlers (app/bff/[...path]/route.ts)',
    mount: nextMount,
    ownRoutes: false,
  },
  { name: 'a Hono app', mount: honoMount, ownRoutes: true },
])('the BFF mounted in $name', ({ mount, ownRoutes }) => {
  let mounted: Mounted
  beforeAll(async () => {
    mounted = await mount()
  })
  afterAll(() => mounted?.close())
  const request = (method: string, path: string, options?: Parameters<typeof browserRequest>[3]) =>
    mounted.send(browserRequest(mounted.base, method, path, options))

  it('answers GET /bff/config with the public Rhombus settings, never the secret', async () => {
    const response = await request('GET', '/bff/config')
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).not.toContain('sandbox-secret')
    expect(JSON.parse(text)).toMatchObject({
      providers: {
        rhombus: {
          clientId: 'sandbox-client',
          protocol: 'oauth2',
          consoleUrl: sandbox.rhombus.consoleUrl,
          redirectUri,
          supportsPartners: true,
        },
      },
    })
  })

  it('answers GET /bff/session: anonymous, signed in after the exchange, anonymous after sign-out', async () => {
    expect(await (await request('GET', '/bff/session')).json()).toEqual({ authenticated: false })

    const cookie = await signIn(mounted)
    expect(await (await request('GET', '/bff/session', { cookie })).json()).toMatchObject({
      authenticated: true,
      provider: 'rhombus',
      user: { id: 'sbxUsrAdaLovelace00001' },
      isPartner: false,
    })

    expect((await request('POST', '/bff/auth/signout', { cookie })).status).toBe(200)
    expect(await (await request('GET', '/bff/session', { cookie })).json()).toEqual({
      authenticated: false,
    })
  })

  it('guards the Rhombus proxy with the CSRF header: refused without it, relayed with it', async () => {
    const cookie = await signIn(mounted)
    const path = '/bff/rhombus/api/user/getUsersInOrg'
    const refused = await request('POST', path, { cookie, body: {}, csrf: false })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    expect(await refused.json()).toMatchObject({ code: 'csrf_rejected', status: 403 })

    const answer = await request('POST', path, { cookie, body: {} })
    expect(answer.status).toBe(200)
    const { users } = (await answer.json()) as { users: { email: string }[] }
    expect(users.map((user) => user.email)).toContain('ada@sandbox.example')
  })

  it.runIf(ownRoutes)("leaves the app's own routes (and their body parser) alone", async () => {
    const response = await mounted.send(
      new Request(`${mounted.base}/api/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ n: 1 }),
      }),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ echo: { n: 1 } })
  })
})

describe('server code next to the BFF (docs/guides/partners-and-api-keys.md)', () => {
  it('learns the user id from the session, and a background job calls Rhombus with a minted key', async () => {
    const next = await nextMount()
    const cookie = await signIn(next)
    const minted = await next.send(
      browserRequest(appOrigin, 'POST', '/bff/rhombus/api-keys', {
        cookie,
        body: { displayName: 'Nightly' },
      }),
    )
    expect(minted.status).toBe(201)
    const key = (await minted.json()) as RhombusApiKey
    expect(Object.keys(key).sort()).toEqual(['createdAt', 'displayName', 'id', 'partner'])

    const ownerId = await doorwayUserId(
      bff as DoorwayBff,
      new Request(`${appOrigin}/api/exports`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'content-length': '999999' },
        body: JSON.stringify({ keyId: key.id }),
      }),
    )
    expect(ownerId).toBe('sbxUsrAdaLovelace00001')
    expect(await doorwayUserId(bff as DoorwayBff, new Request(`${appOrigin}/api/exports`))).toBe(
      undefined,
    )

    // #region docs:background
    // The BFF's own store: the same DOORWAY_DB and key (empty counts as unset, as for the BFF).
    const database = process.env.DOORWAY_DB || defaultDatabaseFile
    const secret = process.env.DOORWAY_ENCRYPTION_KEY || process.env.SESSION_SECRET!
    const store = isPostgresUrl(database)
      ? createPostgresCredentialStore(database, { pg, secret })
      : createSqliteCredentialStore(database, { secret })
    const apiUrl = process.env.RHOMBUS_API_URL || 'https://api2.rhombussystems.com'
    const keys = rhombusApiKeys({ store, apiUrl })

    async function usersOf(ownerId: string, keyId: string) {
      const rhombus = await keys.client(ownerId, keyId)
      const { users } = await rhombus.request<{ users: { email: string }[] }>('/user/getUsersInOrg')
      return users.map((user) => user.email)
    }
    // #endregion
    try {
      expect(await keys.list(ownerId as string)).toEqual([key])
      expect(await usersOf(ownerId as string, key.id)).toContain('ada@sandbox.example')
      // The job called Rhombus with the minted key (the API-key scheme), not a session token.
      const last = sandbox.requests.filter((r) => r.path === '/api/user/getUsersInOrg').at(-1)
      expect(last?.headers['x-auth-scheme']).toBe('api-token')
      expect(last?.headers['x-auth-apikey']).toMatch(/./)
    } finally {
      await store.close()
    }
  })
})

describe('the docs show this code', () => {
  const source = readFileSync(fileURLToPath(import.meta.url), 'utf8')
  const docs = (page: string) =>
    readFileSync(fileURLToPath(new URL(`../../../docs/guides/${page}`, import.meta.url)), 'utf8')

  /** The region's lines, without its common indentation. */
  function region(name: string): string {
    const match = new RegExp(`// #region docs:${name}\\n([\\s\\S]*?)\\n\\s*// #endregion`).exec(
      source,
    )
    if (!match?.[1]) throw new Error(`no region docs:${name}`)
    const lines = match[1].split('\n')
    const indent = Math.min(
      ...lines.filter((line) => line.trim() !== '').map((line) => line.search(/\S/)),
    )
    return lines.map((line) => line.slice(indent)).join('\n')
  }

  /** The fenced code blocks of a page. */
  function codeBlocks(markdown: string): string[] {
    return [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((block) => block[1] ?? '')
  }

  it.each([
    ['express', 'mounting-the-bff.md'],
    ['next-route', 'mounting-the-bff.md'],
    ['hono', 'mounting-the-bff.md'],
    ['owner-id', 'partners-and-api-keys.md'],
    ['background', 'partners-and-api-keys.md'],
  ])('region docs:%s is a code block of docs/guides/%s', (name, page) => {
    // Whole lines, in a row: a line of the doc that merely starts like the test's is a change.
    const lines = region(name).split('\n')
    const shown = codeBlocks(docs(page)).some((block) => {
      const blockLines = block.split('\n')
      return blockLines.some((_, start) =>
        lines.every((line, offset) => blockLines[start + offset] === line),
      )
    })
    expect(shown).toBe(true)
  })
})
