import { describe, expect, it } from 'vitest'
import { parseCallback, safeReturnTo } from './callback.js'
import { isDoorwayError } from './errors.js'

const base = 'http://localhost:5173/oauth/callback/rhombus'
const path = '/oauth/callback'

describe('parseCallback', () => {
  it('reads code, state and iss from our callback path', () => {
    expect(parseCallback(`${base}?code=c1&state=s1&iss=https%3A%2F%2Fas.example`, path)).toEqual({
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
        path,
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
    expect(parseCallback(`${base}?code=c&state=s&isPartner=true`, path)).toEqual({
      flow: 'rhombus',
      code: 'c',
      state: 's',
      isPartner: 'true',
    })
    expect(parseCallback(`${base}?accessToken=tok&state=s`, path)).toEqual({
      flow: 'rhombus',
      accessToken: 'tok',
      state: 's',
    })
  })

  it('accepts a URL object and names the flow from the last segment', () => {
    expect(
      parseCallback(new URL('http://localhost:5173/oauth/callback/envoy?code=c&state=s'), path),
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
    expect(parseCallback(url, path)).toBeNull()
  })

  it('honours a configured callback path', () => {
    expect(parseCallback('http://x.test/app/cb/rhombus?code=c', '/app/cb')).toEqual({
      flow: 'rhombus',
      code: 'c',
    })
    expect(parseCallback(`${base}?code=c`, '/app/cb')).toBeNull()
  })
})

const origin = 'http://localhost:5173'

describe('safeReturnTo', () => {
  it.each([
    ['/', '/'],
    ['/dashboard', '/dashboard'],
    ['/cameras?site=1&q=a%20b#list', '/cameras?site=1&q=a%20b#list'],
    ['/a/../b', '/b'],
    ['/javascript:alert(1)', '/javascript:alert(1)'],
  ])('12. accepts the same-origin path %s', (value, expected) => {
    expect(safeReturnTo(value, origin)).toBe(expected)
  })

  it.each([
    'https://evil.example/',
    'http://localhost:5173/dashboard',
    '//evil.example',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '/%2fevil.example',
    '/%2Fevil.example',
    '/%5cevil.example',
    '/%5Cevil.example',
    '/a/%2F%2Fevil.example',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,hi',
    'dashboard',
    '',
    '/\t/evil.example',
    '/\n/evil.example',
    '/ok\u0000',
    '/ok\u007f',
    '/ok\u0085',
  ])('12. refuses %j with invalid_return_to', (value) => {
    let error: unknown
    try {
      safeReturnTo(value, origin)
    } catch (e) {
      error = e
    }
    expect(isDoorwayError(error, 'invalid_return_to')).toBe(true)
  })
})
