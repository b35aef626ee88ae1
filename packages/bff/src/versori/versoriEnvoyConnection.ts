import type { EnvoyConnection } from '@doorway/core'
import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import type { CallUpstream } from '../http/callUpstream.js'
import {
  deleteVersoriEndUserRequest,
  processDeleteVersoriEndUserResponse,
} from './deleteVersoriEndUser.js'
import {
  listVersoriConnectionsRequest,
  processListVersoriConnectionsResponse,
} from './listVersoriConnections.js'
import { versoriEndUserId } from './versoriEndUserId.js'

/** The user's Envoy connection at Versori: connected when Versori lists one for the connector. */
export async function versoriEnvoyConnection(
  versori: ResolvedVersoriConfig,
  userId: string,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  const connections = processListVersoriConnectionsResponse(
    await call(listVersoriConnectionsRequest(versori, versoriEndUserId(versori, userId))),
  )
  return { status: connections.length > 0 ? 'connected' : 'disconnected', via: 'versori' }
}

/**
 * Disconnects the user's Envoy at Versori: deletes their end user in the hub
 * (`DeleteEndUser`), which removes every connection and activation the end user has there.
 */
export async function disconnectVersori(
  versori: ResolvedVersoriConfig,
  userId: string,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  processDeleteVersoriEndUserResponse(
    await call(deleteVersoriEndUserRequest(versori, versoriEndUserId(versori, userId))),
  )
  return { status: 'disconnected', via: 'versori' }
}
