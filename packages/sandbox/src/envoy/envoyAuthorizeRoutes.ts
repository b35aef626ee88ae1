import { Hono } from 'hono'
import { escapeHtml, htmlPage } from '../htmlPage.js'
import { unregisteredRedirectUriHelp } from '../redirectUriHelp.js'
import { requestOrigin } from '../requestOrigin.js'
import type { EnvoyPendingAuthorization, EnvoyState } from './createEnvoyState.js'
import { isRegisteredRedirectUri } from './envoyClient.js'
import { envoyAuthorizeErrors as errors } from './envoyErrorTexts.js'
import { envoyPaths } from './envoyPrefixes.js'
import { isEnvoyScope } from './envoyScopes.js'

/** The buttons of the Envoy consent page. */
export type EnvoyDecision = 'approve' | 'deny'

const buttons: ReadonlyArray<{ decision: EnvoyDecision; label: string }> = [
  { decision: 'approve', label: 'Approve' },
  { decision: 'deny', label: 'Deny' },
]

/**
 * The authorize side of the app host: `GET /a/auth/v0/authorize` (Envoy's OAuth prompt)
 * and the `POST /a/auth/v0/decision` its page submits. An invalid request gets an error
 * page with status 400 and never a redirect (RFC 6749 §4.1.2.1).
 */
export function envoyAuthorizeRoutes(state: EnvoyState): Hono {
  return new Hono()
    .get(envoyPaths.authorize, (c) => {
      const query = new URL(c.req.url).searchParams
      const origin = requestOrigin(c.req.raw)
      const request = validate(state, query, origin)
      if (request === errors.redirectUriNotRegistered) {
        const client = state.findClient(query.get('client_id') ?? '')
        const help = unregisteredRedirectUriHelp({
          provider: 'envoy',
          clientId: client?.clientId ?? '',
          sent: query.get('redirect_uri') ?? '',
          registered: (client?.redirectUris ?? []).map((uri) =>
            uri.startsWith('/') ? origin + uri : uri,
          ),
          sandboxOrigin: origin,
        })
        return errorPage(request, help)
      }
      if (typeof request === 'string') return errorPage(request)
      return consentPage(state, state.openAuthorization(request))
    })
    .post(envoyPaths.decision, async (c) => decide(state, new URLSearchParams(await c.req.text())))
}

function validate(
  state: EnvoyState,
  query: URLSearchParams,
  origin: string,
): Omit<EnvoyPendingAuthorization, 'id'> | string {
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) return errors.repeatedParameter
  }
  const param = (name: string) => query.get(name) ?? ''

  const clientId = param('client_id')
  if (clientId === '') return errors.missingClientId
  const client = state.findClient(clientId)
  if (client === undefined) return errors.unknownClient
  const redirectUri = param('redirect_uri')
  if (redirectUri === '') return errors.missingRedirectUri
  if (!isRegisteredRedirectUri(client, redirectUri, origin)) return errors.redirectUriNotRegistered
  if (param('response_type') !== 'code') return errors.wrongResponseType
  if (query.has('code_challenge') || query.has('code_challenge_method')) {
    return errors.pkceNotSupported
  }
  const scopes = parseScope(param('scope'))
  if (typeof scopes === 'string') return scopes
  return { client, redirectUri, scopes, state: query.get('state') ?? undefined }
}

/**
 * The decoded `scope`: one space between scopes. `+` or `%` left after decoding means the
 * app encoded twice (`%2B`, `%252B`), which Envoy's guide warns against.
 */
function parseScope(scope: string): string[] | string {
  if (scope === '') return errors.missingScope
  if (/[+%]/.test(scope)) return errors.doubleEncodedScope
  if (scope.includes(',')) return errors.commaSeparatedScope
  const scopes = scope.split(' ')
  if (scopes.some((s) => s === '')) return errors.malformedScope
  if (!scopes.every(isEnvoyScope)) return errors.unknownScope
  return scopes
}

function decide(state: EnvoyState, form: URLSearchParams): Response {
  const id = form.get('request')
  const authorization = id === null ? undefined : state.takeAuthorization(id)
  if (authorization === undefined) return errorPage(errors.unknownRequest)
  const decision = form.get('decision')
  if (decision !== 'approve' && decision !== 'deny') return errorPage(errors.invalidDecision)

  const callback = new URL(authorization.redirectUri)
  if (decision === 'approve') {
    callback.searchParams.append('code', state.issueCode(authorization))
  } else {
    callback.searchParams.append('error', 'access_denied')
  }
  if (authorization.state !== undefined) callback.searchParams.append('state', authorization.state)
  return new Response(null, {
    status: 302,
    headers: { location: callback.href, 'cache-control': 'no-store' },
  })
}

function consentPage(state: EnvoyState, authorization: EnvoyPendingAuthorization): Response {
  const { client } = authorization
  const app = escapeHtml(client.name ?? client.clientId)
  return htmlPage(
    `Install ${client.name ?? client.clientId} in Envoy`,
    `<p class="badge">Envoy sandbox</p>
<h1>Install ${app} in Envoy</h1>
<p><strong>${app}</strong> (client id <code>${escapeHtml(client.clientId)}</code>) asks for access to ${escapeHtml(state.company.name)} (company ${escapeHtml(state.company.id)}):</p>
<ul>
${authorization.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n')}
</ul>
<form method="post" action="decision">
<input type="hidden" name="request" value="${escapeHtml(authorization.id)}">
<div class="actions">
${buttons.map((b) => `<button type="submit" name="decision" value="${b.decision}">${b.label}</button>`).join('\n')}
</div>
</form>
<p>You will return to <code>${escapeHtml(authorization.redirectUri)}</code>.</p>`,
  )
}

function errorPage(message: string, help = ''): Response {
  return htmlPage(
    'Authorization request rejected',
    `<p class="badge">Envoy sandbox</p>
<h1>Authorization request rejected</h1>
<p class="error">${escapeHtml(message)}</p>${help}`,
    400,
  )
}
