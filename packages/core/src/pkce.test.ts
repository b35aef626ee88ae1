import { describe, expect, it } from 'vitest'
import { createPKCE, createState } from './pkce.js'

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
