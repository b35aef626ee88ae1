import { beforeAll, describe, expect, it } from 'vitest'
import {
  bffRoutes,
  type FuzzBff,
  fuzzBff,
  fuzzRoutes,
  unknownPaths,
} from './__tests__/bffFuzzKit.js'

describe('fuzz: config, session, sign-out, and paths that are no route', () => {
  fuzzRoutes([bffRoutes.config, bffRoutes.session, bffRoutes.signOut, unknownPaths])
})

describe('fuzz: the route table', () => {
  let bff: FuzzBff
  beforeAll(async () => {
    bff = await fuzzBff()
  })

  it('every route the BFF serves, with its methods, has a fuzz test', () => {
    const served = new Map<string, Set<string>>()
    for (const { path, method } of bff.app.routes) {
      if (method === 'ALL' || !path.startsWith('/bff/')) continue
      const route = path.slice('/bff'.length)
      served.set(route, new Set([...(served.get(route) ?? []), method]))
    }
    const fuzzed = Object.fromEntries(
      Object.values(bffRoutes).map(({ route, methods }) => [route, [...methods].sort()]),
    )
    expect(fuzzed).toEqual(
      Object.fromEntries([...served].map(([route, methods]) => [route, [...methods].sort()])),
    )
  })

  // Hono's trie router looks the method up on a plain object: createDoorwayBff answers such
  // methods with 405 before routing.
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'a request with the method %s gets a problem answer, not a TypeError',
    async (method) => {
      const response = await bff.app.fetch(
        new Request('http://localhost:5173/bff/config', { method }),
      )
      expect(response.status).toBeGreaterThanOrEqual(400)
      expect(response.headers.get('content-type')).toBe('application/problem+json')
    },
  )
})
