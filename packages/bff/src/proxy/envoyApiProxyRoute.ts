import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { requireEnvoy } from '../envoy/envoyOAuthProvider.js'
import type { UpstreamRequest } from '../http/callUpstream.js'
import { requireSession } from '../session/Session.js'
import { apiProxyUrl, relayUpstreamJson } from './apiProxyUrl.js'

/**
 * `GET {prefix}/<path>[?query]` → `GET {ENVOY_API_URL}/<path>[?query]` with the user's
 * direct connection (`Authorization: Bearer <access token>`), e.g. `/bff/envoy/api/v1/locations`.
 * The token is refreshed before it expires, and once more when Envoy answers 401; refresh
 * is single-flight per connection. A refused refresh marks the connection disconnected
 * and answers 401 `envoy_disconnected`. Forwards only `accept`: never cookies, the CSRF
 * header or anything else the browser sent.
 */
export function envoyApiProxyRoute(
  { config, callUpstream, envoyRefresher }: BffServices,
  prefix: string,
): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'calling the Envoy API')
    const envoy = requireEnvoy(config.envoy)
    const url = apiProxyUrl(c.req.url, {
      base: envoy.apiUrl,
      prefix,
      query: 'forward',
      name: 'the Envoy API',
    })
    const refresher = requireEnvoy(envoyRefresher)
    const send = (accessToken: string) => {
      const request: UpstreamRequest = {
        url,
        method: 'GET',
        headers: {
          accept: c.req.header('accept') ?? 'application/json',
          authorization: `Bearer ${accessToken}`,
        },
      }
      return callUpstream(request)
    }
    let connection = await refresher.connection(session.userId)
    let response = await send(connection.accessToken)
    if (response.status === 401) {
      connection = await refresher.connection(session.userId, { stale: connection.accessToken })
      response = await send(connection.accessToken)
    }
    return relayUpstreamJson(response, 'The Envoy API')
  }
}
