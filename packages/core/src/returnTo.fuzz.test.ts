import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParameters } from './__tests__/fuzzParameters.js'
import { isDoorwayError } from './errors.js'
import { safeReturnTo } from './returnTo.js'

const origins = ['http://localhost:5173', 'https://app.example', 'http://[::1]:8080']

/** Openings that have led (somewhere) to open redirects, and their look-alikes. */
const opening = fc.constantFrom(
  '/',
  '//',
  '///',
  '\\\\',
  '/\\',
  '\\/',
  '\\',
  '/%2f',
  '/%2F',
  '/%5c',
  '/%5C',
  '%2f',
  '%2F%2F',
  '/.//',
  '/..//',
  '/./',
  '/%2e/',
  '/%2E%2E/',
  '/a/..//',
  '/.%2e//',
  ' /',
  '\t/',
  '/\t/',
  '/\n/',
  '/\r\n/',
  '\u0000/',
  '/\u0000',
  '/\u007f',
  '/\u0085',
  '/\u2028',
  '\uFF0F\uFF0F',
  '/\uFF0F',
  '\u2215\u2215',
  '/\u29F8',
  '/\uFE68',
  '/\u3002/',
  '/\uFF0E\uFF0E/',
  'javascript:',
  'JaVaScRiPt:',
  'java\tscript:',
  '/javascript:',
  'data:text/html,',
  'vbscript:',
  'http:',
  'http:/',
  'https://',
  'http://localhost:5173',
  'http://localhost:5173@evil.example',
  'mailto:',
  '?',
  '#',
  '.',
  '..',
  '',
)
const host = fc.constantFrom('evil.example', 'localhost:5173', 'evil.example:443', '@evil', '')
/** A path built from segments that normalise (dot segments, empty, encoded), then free text. */
const segment = fc.oneof(
  { weight: 3, arbitrary: fc.webSegment() },
  fc.constantFrom('.', '..', '', '%2e', '%2E%2e', '.%2E', '%', '%zz', '\\', '%5c', '%2f', '@', ':'),
)
const tail = fc.oneof(
  fc.array(segment, { maxLength: 6 }).map((segments) => segments.join('/')),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.webQueryParameters().map((q) => `?${q}`),
  fc.webFragments().map((f) => `#${f}`),
)
const value = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(opening, host, tail).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.tuple(opening, tail).map((parts) => parts.join('')) },
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.webPath(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
)

describe('safeReturnTo (fuzz)', () => {
  const parameters = fuzzParameters('safeReturnTo')
  it(
    `returns a same-origin path or throws invalid_return_to (seed ${parameters.seed})`,
    () => {
      fc.assert(
        fc.property(value, fc.constantFrom(...origins), (input, origin) => {
          let path: string
          try {
            path = safeReturnTo(input, origin)
          } catch (error) {
            expect(isDoorwayError(error, 'invalid_return_to'), String(error)).toBe(true)
            return
          }
          expect(path).toMatch(/^\/(?![/\\])/)
          expect(new URL(path, origin).origin).toBe(origin)
          // What it returns is a path it accepts as it is.
          expect(safeReturnTo(path, origin)).toBe(path)
        }),
        parameters,
      )
    },
    60_000 + (parameters.numRuns ?? 0),
  )

  it.each([
    '/.//evil.example',
    '/a/..//evil.example',
    '/%2e//evil.example',
    '/%2E%2E//evil.example',
  ])('refuses %j, whose dot segments leave "//evil.example" (found by fuzzing)', (input) => {
    expect(() => safeReturnTo(input, origins[0] as string)).toThrow(
      expect.objectContaining({ code: 'invalid_return_to' }),
    )
  })
})
