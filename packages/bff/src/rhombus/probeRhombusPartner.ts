import { BffError } from '../http/BffError.js'
import type { CallUpstream, UpstreamRequest } from '../http/callUpstream.js'
import type { Logger } from '../logging/Logger.js'

/**
 * Whether the account behind `accessToken` is a Rhombus partner, learned as the Rhombus CLI
 * does (a standard call refused, the partner scheme accepted) but without minting anything:
 * `POST {apiUrl}/api/user/getUsersInOrg` `{}` with `x-auth-scheme: api-oauth-token`; a
 * 401/403 there, then a 2xx with `partner-api-oauth-token`, means partner. Read-only, at
 * most two calls, never the code exchange again.
 *
 * Never throws: any other answer (5xx, timeout, network, the partner call refused too)
 * gives `false` and one `warn` naming the status or problem code, never the token.
 */
export async function probeRhombusPartner(
  apiUrl: string,
  accessToken: string,
  call: CallUpstream,
  logger: Logger,
): Promise<boolean> {
  const request = (scheme: string): UpstreamRequest => ({
    url: `${apiUrl}/api/user/getUsersInOrg`,
    method: 'POST',
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      'x-auth-scheme': scheme,
      'x-auth-access-token': accessToken,
    },
    body: '{}',
  })
  const ok = (status: number) => status >= 200 && status < 300
  let step = 'standard'
  try {
    const standard = await call(request('api-oauth-token'))
    if (ok(standard.status)) return false
    if (standard.status !== 401 && standard.status !== 403) {
      logger.warn('rhombus partner probe inconclusive', { step, status: standard.status })
      return false
    }
    step = 'partner'
    const partner = await call(request('partner-api-oauth-token'))
    if (ok(partner.status)) return true
    logger.warn('rhombus partner probe inconclusive', { step, status: partner.status })
    return false
  } catch (error) {
    logger.warn('rhombus partner probe failed', {
      step,
      problem: error instanceof BffError ? error.code : 'unexpected',
    })
    return false
  }
}
