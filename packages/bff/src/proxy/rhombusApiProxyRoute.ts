import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest } from '../http/callUpstream.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { requireRhombus } from '../rhombus/requireRhombus.js'
import { apiProxyUrl } from './apiProxyUrl.js'
import { relayUpstreamJson } from './relayUpstreamJson.js'

/**
 * `GET|POST {prefix}/<path>` → `{apiUrl}/api/<path>` with the session's access token
 * (`x-auth-scheme: api-oauth-token`, or `partner-api-oauth-token` for partner accounts).
 * Forwards only `content-type`, `accept` and the JSON body: never cookies, the CSRF header
 * or anything else the browser sent.
 */
export function rhombusApiProxyRoute(
  { config, sessions, callUpstream }: BffServices,
  prefix: string,
): Handler {
  return async (c) => {
    const rhombus = requireRhombus(config.rhombus)
    const url = apiProxyUrl(c.req.url, {
      base: `${rhombus.apiUrl}/api`,
      prefix,
      query: 'reject',
      name: 'the Rhombus API',
    })
    const session = await sessions.read(c)
    if (session === null) throw new BffError('unauthenticated', 'Sign in with Rhombus first.')
    const request: UpstreamRequest = {
      url,
      method: c.req.method === 'POST' ? 'POST' : 'GET',
      headers: {
        accept: c.req.header('accept') ?? 'application/json',
        'x-auth-scheme': session.isPartner ? 'partner-api-oauth-token' : 'api-oauth-token',
        'x-auth-access-token': session.accessToken,
      },
    }
    if (request.method === 'POST') {
      request.body = (await readJsonBody(c.req.raw, config.maxBodyBytes)).text
      request.headers['content-type'] = c.req.header('content-type') ?? 'application/json'
    }
    return relayUpstreamJson(await callUpstream(request), 'The Rhombus API')
  }
}
