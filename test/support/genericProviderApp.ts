import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CredentialStore } from '@doorway/bff'
import { toNodeHandler } from '@doorway/bff/node'
import { freePort } from './demo.js'
import { serveFixtureApp } from './fixtureApp.js'
import { createOidcBff } from './oidcBff.js'
import { type RunningOidcProvider, startOidcProvider } from './oidcProvider.js'

export const genericProviderRoot = fileURLToPath(
  new URL('../fixtures/generic-provider', import.meta.url),
)

export interface RunningGenericProviderApp {
  /** `http://localhost:<port>`: the fixture, with the BFF under `/bff`. */
  url: string
  /** The oidc-provider the BFF's `oauthProviders.oidc` points at. */
  provider: RunningOidcProvider
  store: CredentialStore
  /** Every log line the BFF wrote, as JSON. */
  logs: string[]
  /** Redirect URI of the Rhombus (legacy) sign-in the session is made with. */
  rhombusRedirectUri: string
  close(): Promise<void>
}

/**
 * The fixture app of test/fixtures/generic-provider, built with Vite (`@doorway/core` from
 * its sources) and served by `vite preview` on a free localhost port, with the BFF mounted
 * under `/bff`: `oauthProviders.oidc` is a real oidc-provider on loopback (form encoding,
 * client_secret_basic, PKCE, issuer), credentials in memory, and Rhombus in the `legacy`
 * dialect so a page can sign in with a pre-exchanged `accessToken` (no Rhombus call).
 */
export async function startGenericProviderApp(): Promise<RunningGenericProviderApp> {
  const port = await freePort()
  const url = `http://localhost:${port}`
  const stops: (() => Promise<unknown>)[] = []
  const close = async () => {
    for (const stop of stops.reverse()) await stop()
  }
  try {
    const provider = await startOidcProvider({
      client: { redirectUri: `${url}/oauth/callback/oidc` },
    })
    stops.push(() => provider.close())

    const rhombusRedirectUri = `${url}/oauth/callback/rhombus`
    const { bff, store, logs } = createOidcBff({
      provider,
      sessionSecret: 'browser-generic-provider-session-secret-0123456789',
      rhombusRedirectUri,
    })
    const listener = toNodeHandler(bff)
    const outDir = await mkdtemp(join(tmpdir(), 'doorway-generic-provider-'))
    stops.push(() => rm(outDir, { recursive: true, force: true }))
    stops.push(
      await serveFixtureApp({
        root: genericProviderRoot,
        outDir,
        port,
        packages: ['core'],
        bff: (req, res) => void listener(req, res),
      }),
    )
    return { url, provider, store, logs, rhombusRedirectUri, close }
  } catch (error) {
    await close()
    throw error
  }
}
