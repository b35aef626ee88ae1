import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { CallUpstream } from '../http/callUpstream.js'
import { legacyTokenRequest } from './legacyTokenRequest.js'
import { oauth2TokenRequest } from './oauth2TokenRequest.js'
import { processLegacyTokenResponse } from './processLegacyTokenResponse.js'
import { processOAuth2TokenResponse } from './processOAuth2TokenResponse.js'
import type { RhombusCodeGrant } from './RhombusCodeGrant.js'
import type { RhombusTokens } from './RhombusTokens.js'

/**
 * Redeems an authorization code at Rhombus in the configured dialect. A code is single use,
 * so nothing is ever retried, with one exception: an `oauth2` server that answers
 * `invalid_client` to HTTP Basic authentication gets the same request once more with the
 * credentials in the form (client_secret_post), as the Rhombus CLI does.
 */
export async function exchangeRhombusCode(
  rhombus: ResolvedRhombusConfig,
  grant: RhombusCodeGrant,
  call: CallUpstream,
): Promise<RhombusTokens> {
  if (rhombus.protocol === 'legacy') {
    return processLegacyTokenResponse(await call(legacyTokenRequest(rhombus, grant)))
  }
  try {
    return processOAuth2TokenResponse(
      await call(oauth2TokenRequest(rhombus, grant, 'client_secret_basic')),
    )
  } catch (error) {
    if (!(error instanceof BffError && error.code === 'invalid_client')) throw error
  }
  return processOAuth2TokenResponse(
    await call(oauth2TokenRequest(rhombus, grant, 'client_secret_post')),
  )
}
