import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fuzzParameters } from './__tests__/fuzzParameters.js'
import { type CallbackParams, callbackParams, parseCallback, safeReturnTo } from './callback.js'
import { isDoorwayError } from './errors.js'

const origins = ['http://localhost:5173', 'https://app.example', 'http://[::1]:8080']
const paths = [undefined, '/oauth/callback', '/app/cb', '', '/oauth/callback/']

/** Query keys: ours (often), their look-alikes and arbitrary text. */
const queryKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...callbackParams) },
  fc.constantFrom('Code', 'STATE', 'code ', 'code[]', '__proto__', 'constructor', 'flow'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
)
const queryValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '%', '%zz', '%E0%A4%A', '+', '&', '=', '#', '\u0000', '\uD800'),
  fc.nat({ max: 40_000 }).map((n) => 'v'.repeat(n)),
)
/** Raw (as typed) or percent-encoded, so both the URL parser and the decoder are exercised. */
const queryPart = fc
  .tuple(queryKey, fc.option(queryValue, { nil: undefined }), fc.boolean())
  .map(([key, value, encode]) => {
    const k = encode ? encodeURIComponent(key) : key
    if (value === undefined) return k
    return `${k}=${encode ? encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '')) : value}`
  })
/** Duplicated parameters on purpose: `code=a&code=b` must read the first. */
const query = fc
  .array(queryPart, { maxLength: 8 })
  .chain((parts) => fc.subarray(parts).map((again) => [...parts, ...again].join('&')))
const provider = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('rhombus', 'envoy', 'oidc', 'a-b_c') },
  fc.constantFrom('', 'rhombus/extra', '..', '%72hombus', 'rh%20ombus', 'rhombus/'),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
)
/** The configured callback path (`undefined`: the default) and a URL, mostly on that path. */
const callback = fc.constantFrom(...paths).chain((path) => {
  const base = fc.oneof(
    { weight: 4, arbitrary: fc.constant(path ?? '/oauth/callback') },
    fc.constantFrom('/oauth/callback', '/app/cb', '/OAUTH/callback', '', '/oauth/callbacks'),
  )
  const urlPath = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(base, provider).map(([b, id]) => `${b}/${id}`) },
    fc.webPath(),
  )
  const url = fc
    .tuple(
      fc.constantFrom(...origins),
      urlPath,
      query,
      fc.option(fc.webFragments(), { nil: undefined }),
    )
    .map(
      ([origin, p, q, fragment]) =>
        `${origin}${p}?${q}${fragment === undefined ? '' : `#${fragment}`}`,
    )
  const input: fc.Arbitrary<string | URL> = fc.oneof(
    { weight: 6, arbitrary: url },
    { weight: 2, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(
      '',
      'oauth/callback/rhombus?code=c',
      '/oauth/callback/rhombus?code=c',
      'http://',
    ),
    url.filter((u) => URL.canParse(u)).map((u) => new URL(u)),
  )
  return fc.tuple(fc.constant(path), input)
})

describe('parseCallback (fuzz)', () => {
  const parameters = fuzzParameters('parseCallback')
  it(
    `returns null, throws a DoorwayError, or returns only query strings (seed ${parameters.seed})`,
    () => {
      fc.assert(
        fc.property(callback, ([path, url]) => {
          let result: CallbackParams | null
          try {
            result = parseCallback(url, path ?? '/oauth/callback')
          } catch (error) {
            expect(isDoorwayError(error), String(error)).toBe(true)
            return
          }
          const parsed = URL.canParse(url) ? new URL(url) : undefined
          const base = path ?? '/oauth/callback'
          const ours =
            parsed !== undefined &&
            /^[\w-]+$/.test(parsed.pathname.slice(base.length + 1)) &&
            parsed.pathname.startsWith(`${base}/`) &&
            ['code', 'state', 'error', 'accessToken'].some((key) => parsed.searchParams.has(key))
          if (result === null) {
            expect(ours).toBe(false)
            return
          }
          expect(ours).toBe(true)
          const { searchParams, pathname } = parsed as URL
          expect(`${base}/${result.flow}`).toBe(pathname)
          for (const [key, value] of Object.entries(result)) {
            expect(typeof value).toBe('string')
            if (key !== 'flow') expect(callbackParams as readonly string[]).toContain(key)
          }
          for (const key of callbackParams) {
            expect(result[key]).toBe(searchParams.get(key) ?? undefined)
          }
        }),
        parameters,
      )
    },
    60_000 + (parameters.numRuns ?? 0),
  )

  it.each(['', 'http://', 'oauth/callback/rhombus?code=c', '/oauth/callback/rhombus?code=c'])(
    'returns null for %j, which is not an absolute URL (found by fuzzing: it threw a TypeError)',
    (url) => {
      expect(parseCallback(url, '/oauth/callback')).toBeNull()
    },
  )
})

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
