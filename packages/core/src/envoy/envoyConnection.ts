import type { BffClient } from '../bffClient.js'
import { type Broadcast, createBroadcast } from '../broadcast.js'
import type { DoorwayClient } from '../doorwayClient.js'
import { DoorwayError, isDoorwayError } from '../errors.js'
import type {
  EnvoyConnection,
  EnvoyVia,
  RhombusEnvoyLocation,
  RhombusEnvoyLocationList,
} from '../wire.js'

type Client = Pick<BffClient, 'request'>

/**
 * Envoy connection changes made through Doorway in this tab and, by
 * `BroadcastChannel('doorway')` (`doorway:envoy`), in the app's other tabs: connects,
 * disconnects, and a connection found gone by the API proxy. Shared by the page.
 *
 * @example
 * const off = envoyChanges.subscribe((connection) => console.log(connection.via, connection.status))
 */
export const envoyChanges: Broadcast<EnvoyConnection> =
  /* @__PURE__ */ createBroadcast<EnvoyConnection>('doorway:envoy')

/**
 * The ids of the flows of the redirecting ways (`envoyFlows`), which their callbacks come
 * back on: `/oauth/callback/envoy` and `/oauth/callback/envoy-rhombus`.
 */
export const envoyFlowIds = { direct: 'envoy', rhombus: 'envoy-rhombus' } as const

/**
 * The way to connect Envoy a flow id belongs to (`client.callbackFlow()`,
 * `CallbackResult.flow`): `direct` for `envoy`, `rhombus` for `envoy-rhombus`, else undefined.
 *
 * @example
 * const via = envoyViaOf(client.callbackFlow()) // 'direct' on /oauth/callback/envoy
 */
export const envoyViaOf = (flow: string | null | undefined): EnvoyVia | undefined =>
  // Literal: the ids' object stays out of bundles that only attribute callbacks.
  flow === 'envoy' ? 'direct' : flow === 'envoy-rhombus' ? 'rhombus' : undefined

/**
 * Reads the signed-in user's Envoy connection of one way (`GET {baseUrl}/envoy/connection?via=`):
 * direct from the BFF's store, through Rhombus from Rhombus's integration, through Versori
 * from Versori. Never carries a token.
 *
 * @example
 * const { status } = await getEnvoyConnection(client, 'direct')
 */
export function getEnvoyConnection(
  client: Client,
  via: EnvoyVia,
  { signal }: { signal?: AbortSignal } = {},
): Promise<EnvoyConnection> {
  return client.request(
    'GET',
    `/envoy/connection?via=${encodeURIComponent(via)}`,
    undefined,
    signal,
  )
}

/**
 * Disconnects one way (`POST {baseUrl}/envoy/disconnect {via}`): direct forgets the stored
 * tokens, Versori deletes the user's end user (and their connections) in the hub, Rhombus
 * removes its integration (`deleteEnvoyIntegrationV2`; needs the configured permission, else
 * `forbidden`). Tells {@link envoyChanges}.
 *
 * @example
 * await disconnectEnvoy(client, 'direct')
 */
export async function disconnectEnvoy(client: Client, via: EnvoyVia): Promise<EnvoyConnection> {
  return envoyChanges.emit(
    await client.request<EnvoyConnection>('POST', '/envoy/disconnect', { via }),
  )
}

const lostHint = 'Envoy no longer accepts this connection. Connect Envoy again.'

/**
 * The error a connection that was lost stands for: a disconnected connection with a
 * `reason` (`revoked` after Envoy refused a refresh, or `expired`) is `envoy_disconnected`,
 * as the BFF's API proxy answers it; anything else is null.
 */
export function envoyConnectionError(connection: EnvoyConnection | undefined): DoorwayError | null {
  if (connection?.status !== 'disconnected' || !connection.reason) return null
  return new DoorwayError(
    'envoy_disconnected',
    `The Envoy connection was ${connection.reason}: connect Envoy again.`,
    { hint: lostHint },
  )
}

// A call that finds the connection of `via` gone (`envoy_disconnected`) tells envoyChanges
// before it rejects.
async function watchLost<T>(via: EnvoyVia, call: Promise<T>): Promise<T> {
  try {
    return await call
  } catch (error) {
    if (isDoorwayError(error, 'envoy_disconnected')) {
      envoyChanges.emit({ status: 'disconnected', via, reason: 'revoked' })
    }
    throw error
  }
}

/**
 * Calls the Envoy API with the user's direct connection, through the BFF proxy
 * (`GET {baseUrl}/envoy/api<path>`). The BFF adds the token and refreshes it. When it
 * answers `envoy_disconnected` (Envoy refused the refresh: the connection is gone),
 * {@link envoyChanges} hears the direct connection disconnected (`reason: 'revoked'`)
 * before the error is thrown.
 * @param path `/segment/segment…` of letters, digits, `_` and `-`, with an optional query.
 *
 * @example
 * const locations = await envoyRequest(client, '/v1/locations')
 */
export async function envoyRequest<T = unknown>(
  client: Client,
  path: string,
  { signal }: { signal?: AbortSignal } = {},
): Promise<T> {
  if (!/^(\/[\w-]+)+(\?[^#\s]*)?$/.test(path)) {
    throw new DoorwayError('bad_request', `Not an Envoy API path: ${path}`)
  }
  return watchLost('direct', client.request<T>('GET', `/envoy/api${path}`, undefined, signal))
}

/**
 * The Envoy locations of the signed-in user's organisation, read through Rhombus's own Envoy
 * integration (`GET /bff/envoy/rhombus/locations`, Rhombus's `/api/report/getEnvoyLocations`
 * with the organisation's API key). Rejects with 403 `forbidden` for a user of another org,
 * and with 401 `envoy_disconnected` when Rhombus says Envoy no longer takes its token: then
 * {@link envoyChanges} first hears the Rhombus way disconnected (`reason: 'revoked'`).
 *
 * @example
 * const locations = await listRhombusEnvoyLocations(client)
 */
export async function listRhombusEnvoyLocations(
  client: Pick<DoorwayClient, 'request'>,
  signal?: AbortSignal,
): Promise<RhombusEnvoyLocation[]> {
  const { locations } = await watchLost(
    'rhombus',
    client.request<RhombusEnvoyLocationList>('GET', '/envoy/rhombus/locations', undefined, signal),
  )
  return locations
}
