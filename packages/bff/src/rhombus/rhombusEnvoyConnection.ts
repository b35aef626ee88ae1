import type { EnvoyConnection } from '@doorway/core'
import type { CallUpstream } from '../http/callUpstream.js'
import {
  getEnvoyIntegrationRequest,
  processGetEnvoyIntegrationResponse,
} from './getEnvoyIntegration.js'
import type { RhombusWithApiKey } from './requireRhombusApiKey.js'

/** The Envoy connection Rhombus's own integration holds for the API key's organisation. */
export async function rhombusEnvoyConnection(
  rhombus: RhombusWithApiKey,
  call: CallUpstream,
): Promise<EnvoyConnection> {
  const integration = processGetEnvoyIntegrationResponse(
    await call(getEnvoyIntegrationRequest(rhombus)),
  )
  const connection: EnvoyConnection = {
    status: integration.enabled ? 'connected' : 'disconnected',
    via: 'rhombus',
  }
  if (integration.companyId !== undefined) connection.companyId = integration.companyId
  return connection
}
