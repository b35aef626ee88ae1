import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createDoorwayBff, loadBffConfig } from '@doorway/bff'
import { toNodeHandler } from '@doorway/bff/node'
import { defaultVersoriData, type Sandbox, startSandbox } from '@doorway/sandbox'

export type DemoEnv = Record<string, string | undefined>

export interface DemoBackendOptions {
  /** Environment (process.env merged with `.env`). Real credentials switch the sandbox off. */
  env: DemoEnv
  /** The port the demo is served on; the default redirect URI and allowed origin use it. */
  port: number
  log?: (message: string) => void
}

export interface DemoBackend {
  /** The local provider emulators, when no real credentials are configured. */
  sandbox: Sandbox | undefined
  /** The environment the BFF was configured from, sandbox URLs filled in. */
  env: DemoEnv
  /** Node middleware: answers `/bff/...`, passes everything else on. */
  middleware(req: IncomingMessage, res: ServerResponse, next: () => void): void
  close(): Promise<void>
}

/**
 * Starts what the demo needs next to the page: the BFF, and the sandbox in place of
 * Rhombus when `RHOMBUS_CLIENT_ID` is not set.
 */
export async function startDemoBackend({
  env: given,
  port,
  log = console.log,
}: DemoBackendOptions): Promise<DemoBackend> {
  const env: DemoEnv = { ...given, PORT: String(port) }
  const redirectUri = env.RHOMBUS_REDIRECT_URI ?? `http://localhost:${port}/oauth/callback/rhombus`
  let sandbox: Sandbox | undefined

  if (!env.RHOMBUS_CLIENT_ID) {
    sandbox = await startSandbox({
      port: env.SANDBOX_PORT ? Number(env.SANDBOX_PORT) : 0,
      clients: [
        { clientId: 'sandbox-client', clientSecret: 'sandbox-secret', redirectUris: [redirectUri] },
      ],
      envoyClients: [
        {
          clientId: 'envoy-sandbox-client',
          clientSecret: 'envoy-sandbox-secret',
          redirectUris: [env.ENVOY_REDIRECT_URI ?? `http://localhost:${port}/oauth/callback/envoy`],
        },
      ],
      ...(env.SANDBOX_TOKEN_TTL_SECONDS
        ? { tokenTtlSeconds: Number(env.SANDBOX_TOKEN_TTL_SECONDS) }
        : {}),
    })
    const protocol = env.RHOMBUS_PROTOCOL === 'legacy' ? 'legacy' : 'oauth2'
    Object.assign(env, sandboxEnv(sandbox, protocol), {
      // The sandbox forgets everything when it stops, so stored connections would too.
      DOORWAY_DB: env.DOORWAY_DB ?? ':memory:',
    })
    log(
      `No RHOMBUS_CLIENT_ID set: using the local sandbox at ${sandbox.url} for Rhombus (${protocol} dialect), Envoy and Versori. ` +
        'Set RHOMBUS_CLIENT_ID and RHOMBUS_CLIENT_SECRET (see .env.example) to use real Rhombus.',
    )
  }
  if (!env.SESSION_SECRET) {
    env.SESSION_SECRET = randomBytes(32).toString('base64url')
    log('No SESSION_SECRET set: using a random one, so sessions end when the demo restarts.')
  }

  const bff = createDoorwayBff(loadBffConfig(env))
  const listener = toNodeHandler(bff)
  let closing: Promise<void> | undefined

  return {
    sandbox,
    env,
    middleware(req, res, next) {
      const url = req.url ?? '/'
      if (url === '/bff' || url.startsWith('/bff/') || url.startsWith('/bff?'))
        void listener(req, res)
      else next()
    },
    close() {
      closing ??= sandbox?.close() ?? Promise.resolve()
      return closing
    },
  }
}

/** The BFF settings that point every provider at the sandbox (no real credentials). */
function sandboxEnv(sandbox: Sandbox, protocol: 'oauth2' | 'legacy'): DemoEnv {
  const hub = defaultVersoriData.hubs[0]
  const credential = defaultVersoriData.credentials[0]
  return {
    RHOMBUS_CLIENT_ID: 'sandbox-client',
    RHOMBUS_CLIENT_SECRET: 'sandbox-secret',
    RHOMBUS_CONSOLE_URL: sandbox.rhombus.consoleUrl,
    RHOMBUS_AUTH_URL: protocol === 'legacy' ? sandbox.rhombus.authUrl : sandbox.rhombus.authWebUrl,
    RHOMBUS_API_URL: sandbox.rhombus.apiUrl,
    RHOMBUS_API_KEY: 'sandbox-api-key',
    ENVOY_CLIENT_ID: 'envoy-sandbox-client',
    ENVOY_CLIENT_SECRET: 'envoy-sandbox-secret',
    ENVOY_AUTH_URL: sandbox.envoy.authUrl,
    ENVOY_API_URL: sandbox.envoy.apiUrl,
    VERSORI_API: 'embedded',
    VERSORI_BASE_URL: sandbox.versori.platformUrl,
    VERSORI_CALLBACK_ORIGIN: sandbox.versori.callbackOrigin,
    VERSORI_HUB_ID: hub?.id,
    VERSORI_CONNECTOR_ID: hub?.connectorIds[0],
    VERSORI_ORGANISATION_ID: hub?.organisationId,
    VERSORI_TOKEN: 'sandbox-versori-token',
    VERSORI_CREDENTIAL_ID: credential?.id,
    VERSORI_CREDENTIAL_ORGANISATION_ID: credential?.organisationId,
    VERSORI_CLIENT_ID: credential?.clientId,
    VERSORI_AUTHORIZE_URL: `${sandbox.envoy.authUrl}/a/auth/v0/authorize`,
  }
}
