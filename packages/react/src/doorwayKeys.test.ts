import { describe, expect, it } from 'vitest'
import { doorwayKeys } from './doorwayKeys.js'

describe('doorwayKeys', () => {
  it('nests every key under doorwayKeys.all, and Rhombus calls under doorwayKeys.rhombus()', () => {
    const { all, session, config, signIn, signOut } = doorwayKeys
    for (const key of [session, config, signIn, signOut, doorwayKeys.rhombus('/a', { b: 1 })]) {
      expect(key.slice(0, all.length)).toEqual(all)
    }
    expect(
      new Set([session, config, doorwayKeys.rhombus()].map((k) => JSON.stringify(k))).size,
    ).toBe(3)
    expect(doorwayKeys.rhombus('/a', { b: 1 }).slice(0, 2)).toEqual(doorwayKeys.rhombus())
  })

  it('tells Rhombus calls apart by path and body', () => {
    expect(doorwayKeys.rhombus('/a', { b: 1 })).toEqual(['doorway', 'rhombus', '/a', { b: 1 }])
    expect(doorwayKeys.rhombus('/a')).toEqual(['doorway', 'rhombus', '/a'])
    expect(doorwayKeys.rhombus('/a', { b: 1 })).not.toEqual(doorwayKeys.rhombus('/a', { b: 2 }))
  })

  it('puts Envoy connections, API calls and mutations under doorwayKeys.envoy()', () => {
    const keys = [
      doorwayKeys.envoy('connection', 'direct'),
      doorwayKeys.envoy('api', '/v1/locations'),
      doorwayKeys.envoy('connect', 'versori'),
      doorwayKeys.envoy('disconnect', 'rhombus'),
    ]
    for (const key of keys) expect(key.slice(0, 2)).toEqual(doorwayKeys.envoy())
    expect(doorwayKeys.envoy().slice(0, 1)).toEqual(doorwayKeys.all)
    expect(doorwayKeys.envoy('connection', 'direct')).not.toEqual(
      doorwayKeys.envoy('connection', 'rhombus'),
    )
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(4)
  })
})
