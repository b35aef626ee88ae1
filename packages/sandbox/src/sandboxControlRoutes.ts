import { Hono } from 'hono'
import type { SandboxState } from './createSandboxState.js'
import type { EnvoyClient } from './envoy/envoyClient.js'
import { envoyControlRoutes } from './envoy/envoyControlRoutes.js'
import { createSandboxFaults, type SandboxFaults } from './faults/createSandboxFaults.js'
import { sandboxFaultRoutes } from './faults/sandboxFaultRoutes.js'
import { parseJsonObject } from './jsonBody.js'
import { jsonResponse } from './jsonResponse.js'
import { isRedirectUri } from './rhombus/rhombusApplicationRoutes.js'
import { parseRhombusClient } from './rhombus/rhombusClient.js'
import { rhombusControlRoutes } from './rhombus/rhombusControlRoutes.js'

/**
 * The sandbox's own routes (under `/__sandbox`, never logged, never faulted): read
 * (filtered by `role` and/or `provider`) and clear the request log, register a Rhombus
 * client (confidential, or public with `tokenEndpointAuthMethod: "none"`) at run time,
 * e.g. from a browser test's setup, add one redirect URI to a Rhombus client or Envoy app
 * (`POST /redirect-uris {provider, clientId, redirectUri}`, the command the rejection
 * page of an unregistered URI prints), the Envoy controls under `/__sandbox/envoy`, the
 * Rhombus controls (minted keys, token revocation and counters) under `/__sandbox/rhombus`
 * the fault rules of `faults` under `/__sandbox/faults`, and the requests to routes Versori
 * does not document (`GET /versori/violations` → `{count, violations: [{method, path, at}]}`,
 * the last 100; `DELETE /versori/violations` clears them, 204). Guard them with
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
    .post('/redirect-uris', async (c) => {
      const request = parseRedirectUriRequest(parseJsonObject(await c.req.text()))
      if (typeof request === 'string') {
        return jsonResponse({ error: 'invalid_request', error_description: request }, 400)
      }
      const { provider, clientId, redirectUri } = request
      const registry = provider === 'rhombus' ? state.rhombus : state.envoy
      const client = registry.findClient(clientId)
      if (client === undefined) {
        return jsonResponse(
          { error: 'unknown_client', error_description: `No ${provider} client "${clientId}".` },
          404,
        )
      }
      const redirectUris = client.redirectUris.includes(redirectUri)
        ? client.redirectUris
        : [...client.redirectUris, redirectUri]
      if (provider === 'rhombus') state.rhombus.registerClient({ ...client, redirectUris })
      else state.envoy.registerClient({ ...(client as EnvoyClient), redirectUris })
      return jsonResponse({ provider, clientId, redirectUris }, 201)
    })
    .route('/envoy', envoyControlRoutes(state.envoy))
    .route('/rhombus', rhombusControlRoutes(state.rhombus))
    .route('/faults', sandboxFaultRoutes(faults))
    .get('/versori/violations', () => jsonResponse(state.versori.violations()))
    .delete('/versori/violations', () => {
      state.versori.clearViolations()
      return new Response(null, { status: 204 })
    })
}

/** The body of `POST /__sandbox/redirect-uris`, or what is wrong with it. */
function parseRedirectUriRequest(
  body: Record<string, unknown> | undefined,
): { provider: 'rhombus' | 'envoy'; clientId: string; redirectUri: string } | string {
  if (body === undefined) {
    return 'The body must be a JSON object {"provider", "clientId", "redirectUri"}.'
  }
  const { provider, clientId, redirectUri } = body
  if (provider !== 'rhombus' && provider !== 'envoy') {
    return 'provider must be "rhombus" or "envoy".'
  }
  if (typeof clientId !== 'string' || clientId === '') return 'clientId must be a non-empty string.'
  if (typeof redirectUri !== 'string' || !isRedirectUri(redirectUri)) {
    return 'redirectUri must be an absolute http(s) URL without a fragment.'
  }
  return { provider, clientId, redirectUri }
}
