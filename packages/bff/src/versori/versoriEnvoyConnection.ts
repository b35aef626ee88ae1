import type { EnvoyConnection } from '@doorway/core'
import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import type { CallUpstream } from '../http/callUpstream.js'
import {
  deleteVersoriConnectionRequest,
  processDeleteVersoriConnectionResponse,
} from './deleteVersoriConnection.js'
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

/** Deletes every connection Versori lists for the user and the Envoy connector. */
export async function disconnectVersori(
  versori: ResolvedVersoriConfig,
  userId: string,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  const endUserId = versoriEndUserId(versori, userId)
  const connections = processListVersoriConnectionsResponse(
    await call(listVersoriConnectionsRequest(versori, endUserId)),
  )
  for (const connection of connections) {
    processDeleteVersoriConnectionResponse(
      await call(deleteVersoriConnectionRequest(versori, endUserId, connection.id)),
    )
  }
  return { status: 'disconnected', via: 'versori' }
}
