import { Hono } from 'hono'
import type { EmulatedHost } from '../emulatedHost.js'
import type { SandboxFetch } from '../sandboxFetch.js'
import type { VersoriState } from './createVersoriState.js'
import { versoriCallbackPage } from './versoriCallbackPage.js'
import { versoriConnectionRoutes } from './versoriConnectionRoutes.js'
import { versoriError } from './versoriError.js'
import { versoriErrors as errors } from './versoriErrorTexts.js'
import { versoriInitialiseRoutes } from './versoriInitialiseRoutes.js'
import { versoriPrefixes } from './versoriPrefixes.js'

/**
 * The Versori platform host: both APIs' `oauth2/initialise`, the OAuth 2.0 callback page
 * and the Embedded API's end-user connections and `DeleteEndUser`: documented routes only.
 * Any other request is 404 and recorded as a violation (`GET /__sandbox/versori/violations`),
 * so a test can fail on a route Versori does not publish. `dispatch` is how Versori reaches the
 * sandbox's Envoy token endpoint to exchange codes.
 */
export function versoriHosts(state: VersoriState, dispatch: SandboxFetch): EmulatedHost[] {
  const app = new Hono()
    .route('/', versoriInitialiseRoutes(state))
    .route('/', versoriCallbackPage(state))
    .route('/', versoriConnectionRoutes(state, dispatch))
    .all('*', (c) => {
      state.recordViolation({
        method: c.req.method,
        path: new URL(c.req.url).pathname.slice(versoriPrefixes.platform.length),
      })
      return versoriError(404, 'not_found', errors.notFound)
    })
  return [{ provider: 'versori', role: 'platform', prefix: versoriPrefixes.platform, app }]
}
