import { Hono } from 'hono'
import type { EmulatedHost } from '../emulatedHost.js'
import type { EnvoyState } from './createEnvoyState.js'
import { envoyApiRoutes } from './envoyApiRoutes.js'
import { envoyAuthorizeRoutes } from './envoyAuthorizeRoutes.js'
import { envoyPrefixes } from './envoyPrefixes.js'
import { envoyTokenRoutes } from './envoyTokenRoutes.js'

/** The two Envoy hosts, sharing one {@link EnvoyState}. */
export function envoyHosts(state: EnvoyState): EmulatedHost[] {
  const app = new Hono().route('/', envoyAuthorizeRoutes(state)).route('/', envoyTokenRoutes(state))
  return [
    { provider: 'envoy', role: 'app', prefix: envoyPrefixes.app, app },
    { provider: 'envoy', role: 'api', prefix: envoyPrefixes.api, app: envoyApiRoutes(state) },
  ]
}
