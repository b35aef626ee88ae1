import { type Broadcast, createBroadcast } from '../broadcast.js'
import type { EnvoyConnection } from './EnvoyConnection.js'

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
