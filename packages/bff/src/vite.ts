import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Sandbox, StartSandboxOptions } from '@doorway/sandbox'
import { loadEnv, type Plugin, type PreviewServer, type ViteDevServer } from 'vite'
import { loadBffConfig } from './config/loadBffConfig.js'
import { readBffSettings } from './config/readBffSettings.js'
import { createDoorwayBff } from './createDoorwayBff.js'
import { toNodeHandler } from './node.js'

/** Options of {@link doorway}. */
export interface DoorwayViteOptions {
  /**
   * The BFF's settings, as environment variables. Default: the app's `.env` files (Vite's
   * `loadEnv` in `envDir`, every name, not only `VITE_` ones; they never reach the page)
   * with `process.env` on top.
   */
  env?: Record<string, string | undefined>
  /**
   * Serve the local sandbox in place of the providers: `'auto'` (default) when
   * `RHOMBUS_CLIENT_ID` is not set, or always / never. Needs `@doorway/sandbox` installed
   * (a dev dependency).
   */
  sandbox?: 'auto' | boolean
  /** Passed on to the sandbox's `startSandbox`, e.g. `{ tokenTtlSeconds: 5 }`. */
  sandboxOptions?: Omit<StartSandboxOptions, 'clients' | 'envoyClients'>
  /** Where the BFF answers; default `/bff` (the provider's default `baseUrl`). */
  basePath?: string
  /** Called once the BFF (and the sandbox, if used) is ready, with both. */
  onReady?: (backend: DoorwayDevBackend) => void
}

/** What {@link doorway} started next to the page. */
export interface DoorwayDevBackend {
  /** The app's origin as served, e.g. `http://localhost:5173`. */
  origin: string
  /** The local provider emulators, when used. */
  sandbox: Sandbox | undefined
  /** The settings the BFF was made from, the sandbox's URLs filled in. */
  env: Record<string, string | undefined>
  /** Stops what the plugin started (the sandbox); done by itself when Vite's server closes. */
  close(): Promise<void>
}

/**
 * A Vite plugin that serves the BFF inside `vite` (and `vite preview`) on the app's own
 * origin, under `/bff`: one process in development, no proxy, no second terminal. Without
 * `RHOMBUS_CLIENT_ID` it also starts the local sandbox and points every provider at it,
 * registering the app's real redirect URIs (`<origin>/oauth/callback/rhombus` and
 * `…/envoy`) whatever port Vite ends up on. It prints the origin and the sandbox it uses,
 * never a secret. For production, mount the BFF in your server (docs/guides/mounting-the-bff.md).
 *
 * @example
 * // vite.config.ts
 * import { doorway } from '@doorway/bff/vite'
 * import react from '@vitejs/plugin-react'
 * import { defineConfig } from 'vite'
 *
 * export default defineConfig({ plugins: [react(), doorway()] })
 */
export function doorway(options: DoorwayViteOptions = {}): Plugin {
  let fileEnv: Record<string, string | undefined> = {}
  const mount = (server: ViteDevServer | PreviewServer) => {
    const log = (message: string) => server.config.logger.info(`[doorway] ${message}`)
    const env = { ...(options.env ?? { ...fileEnv, ...process.env }) }
    // The BFF is made once the server listens: only then is the app's port (and so its
    // redirect URIs and origin) known.
    const ready = listening(server).then((origin) => startBackend(origin, env, options, log))
    ready.catch(() => {})
    server.httpServer?.once('close', () => void ready.then(({ backend }) => backend.close()))
    const basePath = (options.basePath ?? '/bff').replace(/\/+$/, '')
    server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
      const url = req.url ?? '/'
      if (url !== basePath && !url.startsWith(`${basePath}/`) && !url.startsWith(`${basePath}?`)) {
        return next()
      }
      ready.then(
        ({ listener }) => void listener(req, res),
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          res.end(`Doorway's BFF did not start: ${(error as Error).message}`)
        },
      )
    })
    ready.then(
      ({ backend }) => options.onReady?.(backend),
      (error: unknown) => server.config.logger.error(`[doorway] ${(error as Error).message}`),
    )
  }
  return {
    name: 'doorway',
    configResolved(config) {
      fileEnv = loadEnv(config.mode, config.envDir || config.root, '')
    },
    configureServer: mount,
    configurePreviewServer: mount,
  }
}

/** Resolves with `http://localhost:<port>` once the server listens. */
function listening(server: ViteDevServer | PreviewServer): Promise<string> {
  const http = server.httpServer
  if (!http)
    return Promise.reject(
      new Error('Vite runs in middleware mode: mount the BFF in your own server.'),
    )
  const origin = () => `http://localhost:${(http.address() as AddressInfo).port}`
  if (http.listening) return Promise.resolve(origin())
  return new Promise((resolve) => http.once('listening', () => resolve(origin())))
}

async function startBackend(
  origin: string,
  given: Record<string, string | undefined>,
  options: DoorwayViteOptions,
  log: (message: string) => void,
) {
  // The origin Vite really serves: the default redirect URIs are on it, whatever the port.
  const env: Record<string, string | undefined> = {
    ...given,
    DOORWAY_APP_ORIGIN: origin,
    DOORWAY_ALLOWED_ORIGINS: given.DOORWAY_ALLOWED_ORIGINS ?? origin,
  }
  const useSandbox =
    options.sandbox === 'auto' || options.sandbox === undefined
      ? !env.RHOMBUS_CLIENT_ID
      : options.sandbox
  let sandbox: Sandbox | undefined
  if (useSandbox) {
    const local = await startLocalSandbox(env, options.sandboxOptions)
    sandbox = local.sandbox
    Object.assign(env, local.settings)
    // The sandbox forgets everything when it stops, so stored sessions would be orphans.
    env.DOORWAY_DB ??= ':memory:'
    log(
      `no RHOMBUS_CLIENT_ID: Rhombus, Envoy and Versori are the local sandbox at ${sandbox.url} (sign in with its console; set RHOMBUS_CLIENT_ID for real Rhombus)`,
    )
  }
  if (!env.SESSION_SECRET) {
    env.SESSION_SECRET = randomBytes(32).toString('base64url')
    log('no SESSION_SECRET: a random one, so sessions end when Vite restarts')
  }
  const basePath = (options.basePath ?? '/bff').replace(/\/+$/, '')
  const config = loadBffConfig(env, { warn: (message) => log(`warning: ${message}`) })
  const listener = toNodeHandler(createDoorwayBff({ ...config, basePath }))
  log(`BFF at ${origin}${basePath}`)
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= sandbox?.close() ?? Promise.resolve()
    return closing
  }
  return { listener, backend: { origin, sandbox, env, close } satisfies DoorwayDevBackend }
}

/**
 * Starts the sandbox with its default clients, their redirect URIs the app's (on
 * `DOORWAY_APP_ORIGIN`, unless set), and
 * returns it with the BFF settings that point every provider at it.
 */
async function startLocalSandbox(
  env: Record<string, string | undefined>,
  sandboxOptions: DoorwayViteOptions['sandboxOptions'],
): Promise<{ sandbox: Sandbox; settings: Record<string, string | undefined> }> {
  let local: typeof import('@doorway/sandbox')
  try {
    local = await import('@doorway/sandbox')
  } catch (cause) {
    throw new Error(
      'RHOMBUS_CLIENT_ID is not set, so Doorway would use the local sandbox, but @doorway/sandbox is not installed: run npm install --save-dev @doorway/sandbox, or set RHOMBUS_CLIENT_ID (and RHOMBUS_CLIENT_SECRET) for real Rhombus.',
      { cause },
    )
  }
  const rhombus = local.defaultRhombusClient
  const envoy = local.defaultEnvoyClient
  // The redirect URIs the BFF will present, as it reads them (set, or on DOORWAY_APP_ORIGIN).
  const read = readBffSettings({ environment: env })
  const redirectUris = (path: 'rhombus.redirectUri' | 'envoy.redirectUri') => {
    const uri = read.variableText(path)
    return uri === undefined ? [] : [uri]
  }
  const sandbox = await local.startSandbox({
    ...sandboxOptions,
    clients: [{ ...rhombus, redirectUris: redirectUris('rhombus.redirectUri') }],
    envoyClients: [{ ...envoy, redirectUris: redirectUris('envoy.redirectUri') }],
  })
  const legacy = env.RHOMBUS_PROTOCOL === 'legacy'
  const hub = local.defaultVersoriData.hubs[0]
  const credential = local.defaultVersoriData.credentials[0]
  const settings: Record<string, string | undefined> = {
    RHOMBUS_CLIENT_ID: rhombus.clientId,
    RHOMBUS_CLIENT_SECRET: rhombus.clientSecret,
    RHOMBUS_CONSOLE_URL: sandbox.rhombus.consoleUrl,
    RHOMBUS_AUTH_URL: legacy ? sandbox.rhombus.authUrl : sandbox.rhombus.authWebUrl,
    RHOMBUS_API_URL: sandbox.rhombus.apiUrl,
    RHOMBUS_API_KEY: local.defaultRhombusApiKeys[0],
    ENVOY_CLIENT_ID: envoy.clientId,
    ENVOY_CLIENT_SECRET: envoy.clientSecret,
    ENVOY_AUTH_URL: sandbox.envoy.authUrl,
    ENVOY_API_URL: sandbox.envoy.apiUrl,
    VERSORI_API: 'embedded',
    VERSORI_BASE_URL: sandbox.versori.platformUrl,
    VERSORI_CALLBACK_ORIGIN: sandbox.versori.callbackOrigin,
    VERSORI_HUB_ID: hub?.id,
    VERSORI_CONNECTOR_ID: hub?.connectorIds[0],
    VERSORI_ORGANISATION_ID: hub?.organisationId,
    VERSORI_TOKEN: local.defaultVersoriTokens[0],
    VERSORI_CREDENTIAL_ID: credential?.id,
    VERSORI_CREDENTIAL_ORGANISATION_ID: credential?.organisationId,
    VERSORI_CLIENT_ID: credential?.clientId,
    VERSORI_AUTHORIZE_URL: `${sandbox.envoy.authUrl}/a/auth/v0/authorize`,
  }
  return { sandbox, settings }
}
