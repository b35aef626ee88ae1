import { describe, expect, it } from 'vitest'
import { buildAuthorizeUrl, createPKCE, createState, providerDialects } from './authorizeRequest.js'

const unreserved = /^[A-Za-z0-9._~-]{43,128}$/

describe('createPKCE', () => {
  it('1. PKCE S256 matches RFC 7636 Appendix B', async () => {
    const { codeVerifier, codeChallenge } = await createPKCE(
      'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    )
    expect(codeVerifier).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
    expect(codeChallenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('2. generated verifiers match ^[A-Za-z0-9._~-]{43,128}$', async () => {
    for (let i = 0; i < 50; i++) {
      const { codeVerifier, codeChallenge } = await createPKCE()
      expect(codeVerifier).toMatch(unreserved)
      // S256: base64url of 32 bytes, no padding.
      expect(codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/)
    }
  })

  it('3. verifier and state are fresh for every attempt; state carries ≥ 128 bits', async () => {
    const verifiers = new Set<string>()
    const states = new Set<string>()
    for (let i = 0; i < 100; i++) {
      verifiers.add((await createPKCE()).codeVerifier)
      const state = createState()
      // base64url: 6 bits a character, so 22 characters already carry 132 bits.
      expect(state).toMatch(/^[A-Za-z0-9_-]{22,}$/)
      expect(state.length * 6).toBeGreaterThanOrEqual(128)
      states.add(state)
    }
    expect(verifiers.size).toBe(100)
    expect(states.size).toBe(100)
  })
})

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
      providerDialects.plain,
      envoy,
    )
    expect(url.href).toBe(
      `https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=envoy-client&redirect_uri=${redirect}&scope=locations.read+token.refresh&state=st4te`,
    )
    expect(url.href).not.toMatch(/%2B|%252B|%20/i)
    expect(url.searchParams.get('scope')).toBe('locations.read token.refresh')
  })

  it('2. with PKCE: adds the challenge and S256 (the only method), after the standard ones', () => {
    const url = buildAuthorizeUrl('https://as.example/authorize', providerDialects.pkce, {
      ...envoy,
      codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    })
    expect(url.search).toBe(
      `?response_type=code&client_id=envoy-client&redirect_uri=${redirect}&scope=locations.read+token.refresh&state=st4te&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`,
    )
  })

  it('without PKCE sends no challenge and no method; without a scope, no scope', () => {
    const { scope: _, ...noScope } = envoy
    const url = buildAuthorizeUrl('https://as.example/authorize/', providerDialects.plain, {
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
      providerDialects.plain,
      envoy,
    )
    expect(url.search.startsWith('?tenant=a&response_type=code&')).toBe(true)
  })
})
