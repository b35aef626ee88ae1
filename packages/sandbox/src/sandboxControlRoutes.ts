import { Hono } from 'hono'
import type { SandboxState } from './createSandboxState.js'
import { jsonResponse } from './jsonResponse.js'
import { parseRhombusClient } from './rhombus/rhombusClient.js'

/**
 * The sandbox's own routes (under `/__sandbox`, never logged): read and clear the request
 * log, and register a Rhombus client at run time, e.g. from a browser test's setup.
 */
export function sandboxControlRoutes(state: SandboxState): Hono {
  return new Hono()
    .get('/requests', (c) => {
      const role = c.req.query('role')
      const records = state.log.records
      return jsonResponse(role === undefined ? records : records.filter((r) => r.role === role))
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
}
