import { describe, expect, it } from 'vitest'
import { buildAuthorizeUrl } from './dialect.js'
import { standardDialects } from './standard.js'

const envoy = {
  clientId: 'envoy-client',
  redirectUri: 'http://localhost:5173/oauth/callback/envoy',
  scope: 'locations.read token.refresh',
  state: 'st4te',
}
const redirect = 'http%3A%2F%2Flocalhost%3A5173%2Foauth%2Fcallback%2Fenvoy'

describe('standard authorize requests', () => {
  it("Envoy's authorize URL is exactly the one of its guide: scopes as +, never %2B", () => {
    const url = buildAuthorizeUrl(
      'https://app.envoy.com/a/auth/v0/authorize',
      standardDialects.plain,
      envoy,
    )
    expect(url.href).toBe(
      `https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=envoy-client&redirect_uri=${redirect}&scope=locations.read+token.refresh&state=st4te`,
    )
    expect(url.href).not.toMatch(/%2B|%252B|%20/i)
    expect(url.searchParams.get('scope')).toBe('locations.read token.refresh')
  })

  it('2. with PKCE: adds the challenge and S256 (the only method), after the standard ones', () => {
    const url = buildAuthorizeUrl('https://as.example/authorize', standardDialects.pkce, {
      ...envoy,
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    })
    expect(url.search).toBe(
      `?response_type=code&client_id=envoy-client&redirect_uri=${redirect}&scope=locations.read+token.refresh&state=st4te&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`,
    )
  })

  it('without PKCE sends no challenge and no method; without a scope, no scope', () => {
    const { scope: _, ...noScope } = envoy
    const url = buildAuthorizeUrl('https://as.example/authorize/', standardDialects.plain, {
      ...noScope,
      codeChallenge: 'ignored',
    })
    expect([...url.searchParams.keys()]).toEqual([
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
    ])
    expect(url.pathname).toBe('/authorize')
  })

  it("keeps a query the provider's authorize URL already has", () => {
    const url = buildAuthorizeUrl(
      'https://as.example/authorize?tenant=a',
      standardDialects.plain,
      envoy,
    )
    expect(url.search.startsWith('?tenant=a&response_type=code&')).toBe(true)
  })
})
