import { Hono } from 'hono'
import type { EmulatedHost } from '../emulatedHost.js'
import type { SandboxFetch } from '../sandboxFetch.js'
import type { RhombusState } from './createRhombusState.js'
import { rhombusApiRoutes } from './rhombusApiRoutes.js'
import { rhombusConsoleRoutes } from './rhombusConsoleRoutes.js'
import { rhombusEnvoyCallbackRoutes } from './rhombusEnvoyCallbackRoutes.js'
import { rhombusEnvoyIntegrationRoutes } from './rhombusEnvoyIntegrationRoutes.js'
import { rhombusLegacyTokenRoutes } from './rhombusLegacyTokenRoutes.js'
import { rhombusOAuth2TokenRoutes } from './rhombusOAuth2TokenRoutes.js'
import { rhombusPrefixes } from './rhombusPrefixes.js'

export { rhombusPrefixes } from './rhombusPrefixes.js'

/**
 * The four Rhombus hosts, sharing one {@link RhombusState}. `dispatch` is how Rhombus
 * reaches the sandbox's Envoy server to server (its Envoy integration).
 */
export function rhombusHosts(state: RhombusState, dispatch: SandboxFetch): EmulatedHost[] {
  const host = (role: EmulatedHost['role'], prefix: string, app: Hono): EmulatedHost => ({
    provider: 'rhombus',
    role,
    prefix,
    app,
  })
  const consoleApp = new Hono()
    .route('/', rhombusConsoleRoutes(state))
    .route('/', rhombusEnvoyCallbackRoutes(state, dispatch))
  // The integration routes first: the API routes end with a catch-all 404.
  const api = new Hono()
    .route('/', rhombusEnvoyIntegrationRoutes(state))
    .route('/', rhombusApiRoutes(state))
  return [
    host('console', rhombusPrefixes.console, consoleApp),
    host('auth-web', rhombusPrefixes.authWeb, rhombusOAuth2TokenRoutes(state)),
    host('auth', rhombusPrefixes.auth, rhombusLegacyTokenRoutes(state)),
    host('api', rhombusPrefixes.api, api),
  ]
}
