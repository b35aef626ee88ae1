import type { Handler } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { UpstreamRequest } from '../http/callUpstream.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { requireRhombus } from '../rhombus/rhombusApi.js'
import { requireSession } from '../session/Session.js'
import { apiProxyUrl, relayUpstreamJson } from './apiProxyUrl.js'

/**
 * `GET|POST {prefix}/<path>` → `{apiUrl}/api/<path>` with the session's access token
 * (`x-auth-scheme: api-oauth-token`, or `partner-api-oauth-token` for partner accounts).
 * Forwards only `content-type`, `accept` and the JSON body: never cookies, the CSRF header
 * or anything else the browser sent.
 *
 * The token is refreshed before it expires and, on an upstream 401, refreshed once more and
 * the call retried once (see `RhombusUser.call`). No session is 401 `unauthenticated`; one
 * that ended, or a 401 that a refresh cannot cure, is 401 `session_expired`.
 *
 * Acting for a client org: a partner session may send `x-doorway-org: <org uuid>`
 * (`[A-Za-z0-9_-]{1,64}`), forwarded as `x-auth-org`. For a session that is not partner it
 * is 400, as is a malformed value. A browser's own `x-auth-org` is never forwarded: it is
 * 400 too, so that no call silently acts on the wrong org.
 */
export function rhombusApiProxyRoute(
  { config, rhombusUser }: BffServices,
  prefix: string,
): Handler<BffEnv> {
  return async (c) => {
    const rhombus = requireRhombus(config.rhombus)
    const url = apiProxyUrl(c.req.url, {
      base: `${rhombus.apiUrl}/api`,
      prefix,
      query: 'reject',
      name: 'the Rhombus API',
    })
    const session = requireSession(c, 'calling the Rhombus API')
    const org = clientOrg(c.req.raw.headers, session.isPartner)
    const method = c.req.method === 'POST' ? 'POST' : 'GET'
    const body =
      method === 'POST' ? (await readJsonBody(c.req.raw, config.maxBodyBytes)).text : undefined
    const contentType = c.req.header('content-type') ?? 'application/json'
    const accept = c.req.header('accept') ?? 'application/json'
    const { response } = await rhombusUser.call(session, (current) => {
      const request: UpstreamRequest = {
        url,
        method,
        headers: {
          accept,
          'x-auth-scheme': current.isPartner ? 'partner-api-oauth-token' : 'api-oauth-token',
          'x-auth-access-token': current.accessToken,
        },
      }
      if (org !== undefined) request.headers['x-auth-org'] = org
      if (body !== undefined) {
        request.body = body
        request.headers['content-type'] = contentType
      }
      return request
    })
    return relayUpstreamJson(response, 'The Rhombus API')
  }
}

/** The request header naming the client org a partner session acts for. */
export const clientOrgHeader = 'x-doorway-org'

const orgPattern = /^[A-Za-z0-9_-]{1,64}$/

/** The checked `x-doorway-org` value, or `undefined` when none is sent. */
function clientOrg(headers: Headers, isPartner: boolean): string | undefined {
  if (headers.has('x-auth-org')) {
    throw new BffError(
      'bad_request',
      `The proxy does not forward "x-auth-org"; a partner session names a client org with "${clientOrgHeader}".`,
    )
  }
  const org = headers.get(clientOrgHeader)
  if (org === null) return undefined
  if (!isPartner) {
    throw new BffError(
      'bad_request',
      `"${clientOrgHeader}" is accepted only for Rhombus partner accounts; this session is not one.`,
    )
  }
  if (!orgPattern.test(org)) {
    throw new BffError(
      'bad_request',
      `"${clientOrgHeader}" must be a Rhombus org uuid: 1 to 64 letters, digits, "_" or "-".`,
    )
  }
  return org
}
