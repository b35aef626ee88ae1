import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { completeRhombusAuthorization } from '@doorway/sandbox'
import { createServer, type ViteDevServer } from 'vite'
import { afterEach, describe, expect, it } from 'vitest'
import { type DoorwayDevBackend, type DoorwayViteOptions, doorway } from './vite.js'

// RFC 7636 Appendix B.
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

const stops: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

/** A Vite dev server on a free port with the plugin, in an empty app; resolves once the BFF is ready. */
async function viteWithDoorway(options: DoorwayViteOptions = {}) {
  const root = await mkdtemp(join(tmpdir(), 'doorway-vite-'))
  stops.push(() => rm(root, { recursive: true, force: true }))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title><p>the app</p>')
  let resolveReady: (backend: DoorwayDevBackend) => void = () => {}
  const ready = new Promise<DoorwayDevBackend>((resolve) => {
    resolveReady = resolve
  })
  const logs: string[] = []
  const server: ViteDevServer = await createServer({
    root,
    configFile: false,
    envFile: false,
    logLevel: 'info',
    customLogger: {
      info: (message) => logs.push(message),
      warn: (message) => logs.push(message),
      warnOnce: (message) => logs.push(message),
      error: (message) => logs.push(message),
      clearScreen: () => {},
      hasErrorLogged: () => false,
      hasWarned: false,
    },
    server: { port: 0, host: 'localhost', strictPort: false },
    plugins: [
      doorway({
        ...options,
        onReady: (backend) => {
          options.onReady?.(backend)
          resolveReady(backend)
        },
      }),
    ],
  })
  await server.listen()
  stops.push(() => server.close())
  return { server, backend: await ready, logs }
}

describe('@doorway/bff/vite: the BFF (and the sandbox) inside vite dev', () => {
  it('without RHOMBUS_CLIENT_ID: the sandbox knows the app’s real redirect URI whatever the port, and a sign-in works on the app’s own origin', async () => {
    const { backend, logs } = await viteWithDoorway({ env: {} })
    expect(backend.sandbox).toBeDefined()
    const origin = backend.origin
    expect(origin).toMatch(/^http:\/\/localhost:\d+$/)

    // The page and the BFF share the origin.
    expect(await (await fetch(`${origin}/`)).text()).toContain('the app')
    const config = await (await fetch(`${origin}/bff/config`)).json()
    expect(config.providers.rhombus.consoleUrl).toBe(backend.sandbox?.rhombus.consoleUrl)
    expect(config.providers.rhombus.redirectUri).toBe(`${origin}/oauth/callback/rhombus`)

    const authorize = new URL(`${config.providers.rhombus.consoleUrl}/oauth/authorize`)
    authorize.search = new URLSearchParams({
      client_id: config.providers.rhombus.clientId,
      redirect_uri: config.providers.rhombus.redirectUri,
      response_type: 'code',
      state: 'state-0123456789abcdef0123456789abcdef',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()
    const callback = await completeRhombusAuthorization(authorize)
    expect(callback.origin).toBe(origin)
    const exchange = await fetch(`${origin}/bff/auth/rhombus/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-doorway-csrf': '1', origin },
      body: JSON.stringify({
        code: callback.searchParams.get('code'),
        codeVerifier: verifier,
        redirectUri: config.providers.rhombus.redirectUri,
      }),
    })
    expect(exchange.status).toBe(200)
    const cookie = exchange.headers.get('set-cookie')?.split(';')[0] ?? ''
    const session = await (await fetch(`${origin}/bff/session`, { headers: { cookie } })).json()
    expect(session).toMatchObject({ authenticated: true })

    const printed = logs.join('\n')
    expect(printed).toContain(`[doorway] BFF at ${origin}/bff`)
    expect(printed).toContain(`local sandbox at ${backend.sandbox?.url}`)
    expect(printed).not.toContain('sandbox-secret')
    expect(printed).not.toContain(backend.env.SESSION_SECRET)
  })

  it('with RHOMBUS_CLIENT_ID set: no sandbox; the given hosts and secrets are used, the redirect URI on the origin Vite serves', async () => {
    const { backend } = await viteWithDoorway({
      env: {
        // A standalone doorway-bff's settings: neither is where Vite ended up.
        PORT: '8787',
        DOORWAY_APP_ORIGIN: 'http://localhost:5173',
        SESSION_SECRET: 'vite-plugin-session-secret-0123456789abcdef',
        RHOMBUS_CLIENT_ID: 'real-client',
        RHOMBUS_CLIENT_SECRET: 'real-secret',
        RHOMBUS_CONSOLE_URL: 'https://console.rhombus.invalid',
        RHOMBUS_AUTH_URL: 'https://auth-web.rhombus.invalid',
        RHOMBUS_API_URL: 'https://api.rhombus.invalid',
        DOORWAY_DB: ':memory:',
      },
    })
    expect(backend.sandbox).toBeUndefined()
    const config = await (await fetch(`${backend.origin}/bff/config`)).json()
    expect(config.providers.rhombus).toMatchObject({
      clientId: 'real-client',
      consoleUrl: 'https://console.rhombus.invalid',
      redirectUri: `${backend.origin}/oauth/callback/rhombus`,
    })
    expect(JSON.stringify(config)).not.toContain('real-secret')
  })

  it('answers only under its base path; everything else is Vite’s', async () => {
    const { backend } = await viteWithDoorway({ env: {}, basePath: '/auth-bff' })
    expect((await fetch(`${backend.origin}/auth-bff/config`)).status).toBe(200)
    const other = await fetch(`${backend.origin}/bff/config`)
    expect(other.headers.get('content-type') ?? '').not.toContain('json')
  })
})
