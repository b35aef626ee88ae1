import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processRhombusApiResponse } from './processRhombusApiResponse.js'
import type { RhombusWithApiKey } from './requireRhombusApiKey.js'
import { rhombusApiKeyRequest } from './rhombusApiRequests.js'

/** Whether the API key's organisation holds an Envoy connection at Rhombus. */
export interface RhombusEnvoyIntegration {
  enabled: boolean
  companyId?: string
}

/**
 * `POST {apiUrl}/api/integrations/serviceManagement/getEnvoyIntegration` with the API-key
 * headers and the body `{}`. Pair with {@link processGetEnvoyIntegrationResponse}.
 */
export function getEnvoyIntegrationRequest(
  rhombus: Pick<RhombusWithApiKey, 'apiUrl' | 'apiKey'>,
): UpstreamRequest {
  return rhombusApiKeyRequest(rhombus, 'integrations/serviceManagement/getEnvoyIntegration', {})
}

/**
 * Reads `{enabled, companyId}` from a `getEnvoyIntegration` answer. The real body is not in
 * our notes; this is the sandbox's shape, read leniently: `enabled: true` (or, failing
 * that, a non-empty `companyId`) means connected. Failures as {@link processRhombusApiResponse}.
 */
export function processGetEnvoyIntegrationResponse(
  response: UpstreamResponse,
): RhombusEnvoyIntegration {
  const json = processRhombusApiResponse(response, 'getEnvoyIntegration')
  const company = json.companyId
  const companyId =
    typeof company === 'string' && company !== ''
      ? company
      : typeof company === 'number'
        ? String(company)
        : undefined
  const integration: RhombusEnvoyIntegration = {
    enabled: json.enabled === true || (json.enabled === undefined && companyId !== undefined),
  }
  if (companyId !== undefined) integration.companyId = companyId
  return integration
}
