import { DoorwayError } from '../errors.js'
import type { EnvoyConnection } from './EnvoyConnection.js'

const hint = 'Envoy no longer accepts this connection. Connect Envoy again.'

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
    { hint },
  )
}
