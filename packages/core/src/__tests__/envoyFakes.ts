import type { EnvoyConnection, PublicConfig } from '../wire.js'
import { config, json, origin, signedIn } from './fakes.js'

export const envoyAuthorizeUrl = 'https://app.envoy.com/a/auth/v0/authorize'
export const envoyRedirectUri = `${origin}/oauth/callback/envoy`
export const versoriOrigin = 'https://platform.versori.com'
export const versoriUrl = `${versoriOrigin}/oauth2/authorize?client_id=versori-envoy-client&redirect_uri=https%3A%2F%2Fplatform.versori.com%2Foauth%2Fcallback&scope=locations.read+token.refresh&state=versori-state-1&prompt=login&response_type=code`
export const rhombusRedirectUrl =
  'https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=rhombus-envoy-integration&redirect_uri=https%3A%2F%2Fconsole.rhombussystems.com%2Fintegrations%2Fenvoy%2Fcallback&scope=locations.read+token.refresh&state=rhombus-owned'

export const connected = (via: EnvoyConnection['via']): EnvoyConnection => ({
  status: 'connected',
  via,
  companyId: '10000',
  scopes: ['locations.read', 'token.refresh'],
})

/** `GET /config` of a BFF that serves all three ways. */
export const envoyConfig = (extra: Record<string, unknown> = {}): PublicConfig => ({
  providers: {
    ...config().providers,
    envoy: {
      clientId: 'envoy-client',
      authorizeUrl: envoyAuthorizeUrl,
      scope: 'locations.read token.refresh',
      redirectUri: envoyRedirectUri,
      ...extra,
    },
  },
  connect: { direct: true, rhombus: true, versori: true },
  versori: { callbackOrigin: versoriOrigin },
})

const problem = (code: string, status: number, detail?: string) =>
  json(
    { type: 'about:blank', title: code, status, code, detail },
    status,
    'application/problem+json',
  )

/**
 * The BFF's Envoy routes as docs/architecture.md gives them; `overrides` answers a path
 * (`"POST /bff/envoy/rhombus/initiate"`) its own way.
 */
export function envoyBff(
  overrides: Record<string, () => Response> = {},
  cfg: PublicConfig = envoyConfig(),
) {
  return (url: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${url}`
    const override = overrides[key]
    if (override) return override()
    switch (key) {
      case 'GET /bff/config':
        return json(cfg)
      case 'GET /bff/session':
        return json(signedIn)
      case 'POST /bff/auth/envoy/state':
        return new Response(null, { status: 204 })
      case 'POST /bff/auth/envoy/exchange':
        return json(connected('direct'))
      case 'GET /bff/envoy/connection?via=direct':
        return json(connected('direct'))
      case 'GET /bff/envoy/connection?via=rhombus':
        return json(connected('rhombus'))
      case 'GET /bff/envoy/connection?via=versori':
        return json({ status: 'disconnected', via: 'versori' })
      case 'POST /bff/envoy/rhombus/initiate':
        return json({ redirectUrl: rhombusRedirectUrl })
      case 'POST /bff/envoy/versori/initialise':
        return json({ url: versoriUrl, state: 'versori-state-1' })
      case 'POST /bff/envoy/versori/complete':
        return json({ status: 'connected', via: 'versori', scopes: ['locations.read'] })
      case 'POST /bff/envoy/disconnect':
        return json({
          status: 'disconnected',
          via: JSON.parse(String(init.body)).via,
        })
      case 'GET /bff/envoy/api/v1/locations':
        return json({ data: [{ id: '1', attributes: { name: 'HQ' } }] })
      default:
        return problem('not_found', 404)
    }
  }
}

export { problem }
