import { describe, expect, it } from 'vitest'
import { isCodeVerifier, isS256Challenge, s256, verifiesS256 } from './pkce.js'

describe('PKCE S256', () => {
  it('matches RFC 7636 Appendix B', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('accepts verifiers of 43 to 128 unreserved characters only', () => {
    expect(isCodeVerifier('a'.repeat(43))).toBe(true)
    expect(isCodeVerifier(`${'A'.repeat(124)}-._~`)).toBe(true)
    expect(isCodeVerifier('a'.repeat(42))).toBe(false)
    expect(isCodeVerifier('a'.repeat(129))).toBe(false)
    expect(isCodeVerifier(`${'a'.repeat(42)}+`)).toBe(false)
  })

  it('accepts challenges of exactly 43 base64url characters', () => {
    expect(isS256Challenge('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(true)
    expect(isS256Challenge('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=')).toBe(false)
    expect(isS256Challenge('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM')).toBe(false)
    expect(isS256Challenge('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c')).toBe(false)
  })

  it('verifies a verifier against its challenge, and nothing else', () => {
    const challenge = s256('b'.repeat(50))
    expect(verifiesS256('b'.repeat(50), challenge)).toBe(true)
    expect(verifiesS256('b'.repeat(51), challenge)).toBe(false)
    expect(verifiesS256(challenge, challenge)).toBe(false)
  })
})
