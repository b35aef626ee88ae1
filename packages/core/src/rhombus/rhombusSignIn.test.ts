import { describe, expect, it } from 'vitest'
import { buildAuthorizeUrl } from '../authorizeRequest.js'
import { rhombusDialects, rhombusRegions, rhombusTokenHost } from './rhombusSignIn.js'

const values = {
  clientId: 'client-1',
  redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
  state: 'st4te',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
}
const redirect = 'http%3A%2F%2Flocalhost%3A5173%2Foauth%2Fcallback%2Frhombus'

describe('Rhombus authorize requests', () => {
  it('2. oauth2 dialect: the exact query, S256 only', () => {
    expect(buildAuthorizeUrl(rhombusRegions.us.console, rhombusDialects.oauth2, values).href).toBe(
      `https://console.rhombussystems.com/oauth/authorize?client_id=client-1&redirect_uri=${redirect}&response_type=code&state=st4te&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256`,
    )
  })

  it('2. legacy dialect: the exact query (these names, S256 implied, no method)', () => {
    expect(buildAuthorizeUrl(rhombusRegions.eu.console, rhombusDialects.legacy, values).href).toBe(
      `https://console.eu.rhombussystems.com/login?type=oauth&client_id=client-1&redirect=${redirect}&state=st4te&challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM`,
    )
  })

  it('keeps a path prefix on the console URL (the sandbox) and drops trailing slashes', () => {
    expect(
      buildAuthorizeUrl('http://127.0.0.1:4000/rhombus/console/', rhombusDialects.legacy, values)
        .pathname,
    ).toBe('/rhombus/console/login')
  })

  it('picks the token host of each dialect', () => {
    expect(rhombusTokenHost(rhombusRegions.us, 'oauth2')).toBe(
      'https://auth-web.rhombussystems.com',
    )
    expect(rhombusTokenHost(rhombusRegions.us, 'legacy')).toBe('https://auth.rhombussystems.com')
  })
})
