import type { VersoriInitialiseAnswer, VersoriInitialiseRequest } from '@doorway/core'
import { parseHttpUrl } from '../config/parseHttpUrl.js'
import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import { processVersoriResponse } from './processVersoriResponse.js'
import { versoriApiRequest, versoriUrls } from './versoriApiRequest.js'

/**
 * `POST …/oauth2/initialise` on the configured API (Embedded v1 or Connect v1, see
 * {@link versoriUrls}) with the body both document: `authorizeUrl`, `clientId`,
 * `credential: {id, organisationId}`, `scopes`, `disableOfflineAccess: true` (Envoy has no
 * `offline_access` scope; `token.refresh` does its job), then `prompt` and
 * `additionalParams` when given. Pair with {@link processVersoriInitialiseResponse}.
 */
export function versoriInitialiseRequest(
  versori: ResolvedVersoriConfig,
  options: VersoriInitialiseRequest,
): UpstreamRequest {
  const body: Record<string, unknown> = {
    authorizeUrl: versori.authorizeUrl,
    clientId: versori.clientId,
    credential: { id: versori.credentialId, organisationId: versori.credentialOrganisationId },
    scopes: [...versori.scopes],
    disableOfflineAccess: true,
  }
  if (options.prompt !== undefined) body.prompt = options.prompt
  if (options.additionalParams !== undefined) body.additionalParams = options.additionalParams
  return versoriApiRequest(versori, 'POST', versoriUrls.initialise(versori), body)
}

/**
 * The `{url}` of an `oauth2/initialise` answer, with the `state` Versori put in it. The URL
 * is returned exactly as sent (only URLs Versori built can complete a connection); one
 * that is not absolute http(s), or carries no `state`, is `invalid_response`.
 */
export function processVersoriInitialiseResponse(
  response: UpstreamResponse,
): VersoriInitialiseAnswer {
  const json = processVersoriResponse(response, 'oauth2/initialise')
  const url = parseHttpUrl(json.url)
  const state = url?.searchParams.get('state')
  if (url === undefined || !state) {
    throw new BffError(
      'invalid_response',
      'Versori answered oauth2/initialise without an authorize URL carrying a state.',
    )
  }
  return { url: json.url as string, state }
}
