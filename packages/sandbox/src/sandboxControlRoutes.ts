import { Hono } from 'hono'
import type { SandboxState } from './createSandboxState.js'
import { envoyControlRoutes } from './envoy/envoyControlRoutes.js'
import { createSandboxFaults, type SandboxFaults } from './faults/createSandboxFaults.js'
import { sandboxFaultRoutes } from './faults/sandboxFaultRoutes.js'
import { jsonResponse } from './jsonResponse.js'
import { parseRhombusClient } from './rhombus/rhombusClient.js'
import { rhombusControlRoutes } from './rhombus/rhombusControlRoutes.js'

/**
 * The sandbox's own routes (under `/__sandbox`, never logged, never faulted): read
 * (filtered by `role` and/or `provider`) and clear the request log, register a Rhombus
 * client (confidential, or public with `tokenEndpointAuthMethod: "none"`) at run time,
 * e.g. from a browser test's setup, the Envoy controls under `/__sandbox/envoy`, the
 * Rhombus controls (minted keys, token revocation and counters) under `/__sandbox/rhombus`
 * and the fault rules of `faults` under `/__sandbox/faults`. Guard them with
 * {@link sandboxControlGuard} where they are mounted ({@link createSandboxApp} does).
 */
export function sandboxControlRoutes(
  state: SandboxState,
  faults: SandboxFaults = createSandboxFaults(),
): Hono {
  return new Hono()
    .get('/requests', (c) => {
      const role = c.req.query('role')
      const provider = c.req.query('provider')
      return jsonResponse(
        state.log.records.filter(
          (r) =>
            (role === undefined || r.role === role) &&
            (provider === undefined || r.provider === provider),
        ),
      )
    })
    .delete('/requests', () => {
      state.log.clear()
      return new Response(null, { status: 204 })
    })
    .post('/clients', async (c) => {
      let body: unknown
      try {
        body = JSON.parse(await c.req.text())
      } catch {
        body = undefined
      }
      const client = parseRhombusClient(body)
      if (typeof client === 'string') {
        return jsonResponse({ error: 'invalid_client_metadata', error_description: client }, 400)
      }
      state.rhombus.registerClient(client)
      const { clientSecret: _secret, ...registered } = client
      return jsonResponse(registered, 201)
    })
    .route('/envoy', envoyControlRoutes(state.envoy))
    .route('/rhombus', rhombusControlRoutes(state.rhombus))
    .route('/faults', sandboxFaultRoutes(faults))
}
