import { DoorwayError } from '../errors.js'
import type { Redeemer } from '../redeemers.js'
import type { EnvoyConnection } from './EnvoyConnection.js'
import { envoyChanges } from './envoyChanges.js'
import { getEnvoyConnection } from './getEnvoyConnection.js'

/**
 * The {@link Redeemer} of `/oauth/callback/envoy-rhombus`: Rhombus sends the browser back
 * to the URL the connect gave it (this callback path with the attempt's state), with
 * `error` appended when the user declined or Envoy refused. There is no code to exchange:
 * Rhombus keeps the tokens. Reads the connection's status from the BFF, adds the warning
 * Rhombus gave when the connect started, and tells {@link envoyChanges}.
 */
export const redeemEnvoyThroughRhombus: Redeemer = async (callback, tx, bff) => {
  if (callback.error) throw new DoorwayError(callback.error, undefined, callback)
  const connection: EnvoyConnection = await getEnvoyConnection(bff, 'rhombus')
  const warning = tx.data?.warning
  return envoyChanges.emit(warning ? { ...connection, warning } : connection)
}
