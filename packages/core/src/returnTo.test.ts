import { describe, expect, it } from 'vitest'
import { isDoorwayError } from './errors.js'
import { safeReturnTo } from './returnTo.js'

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
