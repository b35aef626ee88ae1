import { describe, expect, it } from 'vitest'
import { parseCallback } from './callback.js'

const base = 'http://localhost:5173/oauth/callback/rhombus'

describe('parseCallback', () => {
  it('reads code, state and iss from our callback path', () => {
    expect(parseCallback(`${base}?code=c1&state=s1&iss=https%3A%2F%2Fas.example`)).toEqual({
      flow: 'rhombus',
      code: 'c1',
      state: 's1',
      iss: 'https://as.example',
    })
  })

  it('8. keeps error, error_description and error_uri as sent', () => {
    expect(
      parseCallback(
        `${base}?error=access_denied&error_description=User+said+no&error_uri=https%3A%2F%2Fx.example%2Fe&state=s`,
      ),
    ).toEqual({
      flow: 'rhombus',
      error: 'access_denied',
      error_description: 'User said no',
      error_uri: 'https://x.example/e',
      state: 's',
    })
  })

  it('reads the legacy extras isPartner and accessToken', () => {
    expect(parseCallback(`${base}?code=c&state=s&isPartner=true`)).toEqual({
      flow: 'rhombus',
      code: 'c',
      state: 's',
      isPartner: 'true',
    })
    expect(parseCallback(`${base}?accessToken=tok&state=s`)).toEqual({
      flow: 'rhombus',
      accessToken: 'tok',
      state: 's',
    })
  })

  it('accepts a URL object and names the flow from the last segment', () => {
    expect(
      parseCallback(new URL('http://localhost:5173/oauth/callback/envoy?code=c&state=s')),
    ).toMatchObject({ flow: 'envoy' })
  })

  it.each([
    'http://localhost:5173/oauth/callback?code=c&state=s',
    'http://localhost:5173/oauth/callback/?code=c&state=s',
    'http://localhost:5173/oauth/callback/rhombus/extra?code=c&state=s',
    'http://localhost:5173/oauth/callbacks/rhombus?code=c&state=s',
    'http://localhost:5173/auth/callback/rhombus?code=c&state=s',
    'http://localhost:5173/other?code=c&state=s',
    `${base}`,
    `${base}?iss=x&error_description=y`,
    `${base}#code=c&state=s`,
  ])('6. leaves %s alone (not ours): null', (url) => {
    expect(parseCallback(url)).toBeNull()
  })

  it('honours a configured callback path', () => {
    expect(parseCallback('http://x.test/app/cb/rhombus?code=c', { path: '/app/cb' })).toEqual({
      flow: 'rhombus',
      code: 'c',
    })
    expect(parseCallback(`${base}?code=c`, { path: '/app/cb' })).toBeNull()
  })
})
