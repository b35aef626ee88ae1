import { Hono } from 'hono'
import type { EmulatedHost } from '../emulatedHost.js'
import type { SandboxFetch } from '../sandboxFetch.js'
import type { RhombusState } from './createRhombusState.js'
import { rhombusApiKeyRoutes } from './rhombusApiKeyRoutes.js'
import { rhombusApiRoutes } from './rhombusApiRoutes.js'
import { rhombusApplicationRoutes } from './rhombusApplicationRoutes.js'
import { rhombusConsoleRoutes } from './rhombusConsoleRoutes.js'
import { rhombusEnvoyCallbackRoutes } from './rhombusEnvoyCallbackRoutes.js'
import { rhombusEnvoyIntegrationRoutes } from './rhombusEnvoyIntegrationRoutes.js'
import { rhombusLegacyTokenRoutes } from './rhombusLegacyTokenRoutes.js'
import { rhombusOAuth2TokenRoutes } from './rhombusOAuth2TokenRoutes.js'
import { rhombusOrgRoutes } from './rhombusOrgRoutes.js'
import { rhombusPrefixes } from './rhombusPrefixes.js'
import { rhombusRegistrationRoutes } from './rhombusRegistrationRoutes.js'

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
  // The other API routes first: rhombusApiRoutes ends with a catch-all 404.
  const api = new Hono()
    .route('/', rhombusEnvoyIntegrationRoutes(state, dispatch))
    .route('/', rhombusApiKeyRoutes(state))
    .route('/', rhombusApplicationRoutes(state))
    .route('/', rhombusOrgRoutes(state))
    .route('/', rhombusApiRoutes(state))
  const authWeb = new Hono()
    .route('/', rhombusOAuth2TokenRoutes(state))
    .route('/', rhombusRegistrationRoutes(state))
  return [
    host('console', rhombusPrefixes.console, consoleApp),
    host('auth-web', rhombusPrefixes.authWeb, authWeb),
    host('auth', rhombusPrefixes.auth, rhombusLegacyTokenRoutes(state)),
    host('api', rhombusPrefixes.api, api),
  ]
}
