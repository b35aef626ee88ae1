import type { Hono } from 'hono'
import type { EmulatedHost } from '../emulatedHost.js'
import type { RhombusState } from './createRhombusState.js'
import { rhombusApiRoutes } from './rhombusApiRoutes.js'
import { rhombusConsoleRoutes } from './rhombusConsoleRoutes.js'
import { rhombusLegacyTokenRoutes } from './rhombusLegacyTokenRoutes.js'
import { rhombusOAuth2TokenRoutes } from './rhombusOAuth2TokenRoutes.js'

/** Where each Rhombus host is served on the sandbox server. */
export const rhombusPrefixes = {
  console: '/rhombus/console',
  authWeb: '/rhombus/auth-web',
  auth: '/rhombus/auth',
  api: '/rhombus/api',
} as const

/** The four Rhombus hosts, sharing one {@link RhombusState}. */
export function rhombusHosts(state: RhombusState): EmulatedHost[] {
  const host = (role: EmulatedHost['role'], prefix: string, app: Hono): EmulatedHost => ({
    provider: 'rhombus',
    role,
    prefix,
    app,
  })
  return [
    host('console', rhombusPrefixes.console, rhombusConsoleRoutes(state)),
    host('auth-web', rhombusPrefixes.authWeb, rhombusOAuth2TokenRoutes(state)),
    host('auth', rhombusPrefixes.auth, rhombusLegacyTokenRoutes(state)),
    host('api', rhombusPrefixes.api, rhombusApiRoutes(state)),
  ]
}
