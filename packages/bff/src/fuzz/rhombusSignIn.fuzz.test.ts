import { describe, expect, it } from 'vitest'
import { bffRequest, cookieOf, jwtAccessToken, redirectUri } from '../__tests__/bffTestKit.js'
import { bffRoutes, fuzzBff, fuzzRoutes } from './__tests__/bffFuzzKit.js'

describe('fuzz: Rhombus sign-in, oauth2 dialect', () => {
  fuzzRoutes([bffRoutes.rhombusExchange])
})

describe('fuzz: Rhombus sign-in, legacy dialect, partners refused', () => {
  fuzzRoutes([bffRoutes.rhombusExchange], {
    protocol: 'legacy',
    supportsPartners: false,
    label: 'legacy, no partners',
  })
})

// Bugs the fuzzing found in the legacy dialect, fixed: each test keeps them fixed.
describe('fuzz findings in the legacy dialect', () => {
  it('legacy: an accessToken longer than any Rhombus token (over 2048 characters) is a 4xx, not 502', async () => {
    const { app } = await fuzzBff({ protocol: 'legacy' })
    const response = await app.fetch(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { accessToken: 'x'.repeat(3000), redirectUri },
      }),
    )
    expect(response.status).toBeLessThan(500)
  })

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a line break', 'line\nbreak'],
    ['a lone surrogate', '\uD800'],
    ['a space', 'two words'],
    ['a non-ASCII letter', 'tok\u00e9n'],
  ])(
    'legacy: an accessToken with %s (no header can carry it) is 400 before any upstream call, not 502',
    async (_, accessToken) => {
      const { app, calls } = await fuzzBff({ protocol: 'legacy' })
      const response = await app.fetch(
        bffRequest('POST', '/bff/auth/rhombus/exchange', { body: { accessToken, redirectUri } }),
      )
      expect(response.status).toBe(400)
      expect((await response.json()).code).toBe('bad_request')
      expect(calls).toHaveLength(0)
    },
  )

  it('legacy: a posted accessToken does not choose whose stored credentials the session reaches', async () => {
    // An unsigned JWT naming another user (`fuzz-user` holds an `oidc` connection and an
    // API key in the fixtures), posted as the legacy callback's pre-exchanged token.
    const { app } = await fuzzBff({ protocol: 'legacy' })
    const signIn = await app.fetch(
      bffRequest('POST', '/bff/auth/rhombus/exchange', {
        body: { accessToken: jwtAccessToken('fuzz-user'), redirectUri },
      }),
    )
    const cookie = signIn.ok ? cookieOf(signIn) : ''
    const keys = await app.fetch(bffRequest('GET', '/bff/rhombus/api-keys', { cookie }))
    expect(keys.ok ? await keys.json() : { apiKeys: [] }).toEqual({ apiKeys: [] })
  })
})
