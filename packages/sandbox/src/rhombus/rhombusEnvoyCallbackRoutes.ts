import { Hono } from 'hono'
import { envoyPaths, envoyPrefixes } from '../envoy/envoyPrefixes.js'
import { escapeHtml, htmlPage } from '../htmlPage.js'
import { parseJsonObject } from '../jsonBody.js'
import { requestOrigin } from '../requestOrigin.js'
import type { SandboxFetch } from '../sandboxFetch.js'
import { rhombusEnvoyCallbackRoute } from './createRhombusEnvoyIntegration.js'
import type { RhombusState } from './createRhombusState.js'
import { rhombusEnvoyIntegrationErrors as errors } from './rhombusErrorTexts.js'

/**
 * The page Envoy redirects to after the user approves or denies Rhombus (console host,
 * `GET /integrations/envoy/callback`). On `code`, Rhombus exchanges it server side at
 * Envoy's token endpoint (through `dispatch`, so the request is logged as Envoy's), keeps
 * the tokens and sends the browser to the `requestUrl` of `initiateEnvoyOAuth` unchanged.
 * On `error` it stays disconnected and appends `error` (and Envoy's `error_description`,
 * if any) to `requestUrl`; a failed exchange appends `error=server_error` with a
 * description. An unknown, expired or reused `state` is a 400 page without a redirect.
 */
export function rhombusEnvoyCallbackRoutes(state: RhombusState, dispatch: SandboxFetch): Hono {
  return new Hono().get(rhombusEnvoyCallbackRoute, async (c) => {
    const query = new URL(c.req.url).searchParams
    const value = query.get('state')
    const initiation = value === null ? undefined : state.envoyIntegration.takeInitiation(value)
    if (initiation === undefined || state.now() >= initiation.expiresAt) {
      return htmlPage(
        'Envoy connection failed',
        `<p class="badge">Rhombus sandbox · Envoy integration</p>
<h1>Envoy connection failed</h1>
<p class="error">${escapeHtml(errors.unknownCallbackState)}</p>`,
        400,
      )
    }

    const back = new URL(initiation.requestUrl)
    const error = query.get('error')
    const code = query.get('code')
    if (error !== null || code === null) {
      back.searchParams.append('error', error ?? 'invalid_request')
      const description = query.get('error_description')
      if (description !== null) back.searchParams.append('error_description', description)
      return redirect(back)
    }

    const { clientId, clientSecret } = state.envoyIntegration.envoyClient
    const origin = requestOrigin(c.req.raw)
    const response = await dispatch(
      new Request(origin + envoyPrefixes.app + envoyPaths.token, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'rhombus-sandbox' },
        body: JSON.stringify({
          grant_type: 'authorization_code',
          code,
          client_id: clientId,
          client_secret: clientSecret,
        }),
      }),
    )
    const tokens = parseJsonObject(await response.text())
    const accessToken = tokens?.access_token
    const refreshToken = tokens?.refresh_token
    const companyId = tokens?.company_id
    if (
      response.status !== 200 ||
      typeof accessToken !== 'string' ||
      typeof refreshToken !== 'string' ||
      typeof companyId !== 'string'
    ) {
      back.searchParams.append('error', 'server_error')
      back.searchParams.append('error_description', errors.exchangeFailed)
      return redirect(back)
    }
    state.envoyIntegration.saveConnection({
      orgUuid: initiation.orgUuid,
      companyId,
      accessToken,
      refreshToken,
      connectedAt: state.now(),
      connectedBy: initiation.rhombusOrgUserUuid,
    })
    return redirect(back)
  })
}

function redirect(location: URL): Response {
  return new Response(null, {
    status: 302,
    headers: { location: location.href, 'cache-control': 'no-store' },
  })
}
