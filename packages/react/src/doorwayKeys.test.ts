import { describe, expect, it } from 'vitest'
import { doorwayKeys, envoyMutationFilters, parseEnvoyMutationKey } from './doorwayKeys.js'

const starts = (key: readonly unknown[], prefix: readonly unknown[]) =>
  expect(key.slice(0, prefix.length)).toEqual(prefix)

describe('doorwayKeys', () => {
  it('nests every key under doorwayKeys.all, and the user data under doorwayKeys.user', () => {
    const { all, session, config, user, signIn, signOut, rhombusApiKeys } = doorwayKeys
    for (const key of [session, config, user, signIn, signOut]) starts(key, all)
    for (const key of [doorwayKeys.rhombus('/a', { b: 1 }), rhombusApiKeys, doorwayKeys.envoy()]) {
      starts(key, user)
    }
    // The session, the config and the sign-in and sign-out mutations are not user data.
    for (const key of [session, config, signIn, signOut]) expect(key.slice(0, 2)).not.toEqual(user)
    expect(
      new Set([session, config, doorwayKeys.rhombus()].map((k) => JSON.stringify(k))).size,
    ).toBe(3)
    starts(doorwayKeys.rhombus('/a', { b: 1 }), doorwayKeys.rhombus())
    starts(rhombusApiKeys, doorwayKeys.rhombus())
  })

  it('tells Rhombus calls apart by path and body', () => {
    expect(doorwayKeys.rhombus('/a', { b: 1 })).toEqual([
      'doorway',
      'user',
      'rhombus',
      '/a',
      { b: 1 },
    ])
    expect(doorwayKeys.rhombus('/a')).toEqual(['doorway', 'user', 'rhombus', '/a'])
    expect(doorwayKeys.rhombus('/a', { b: 1 })).not.toEqual(doorwayKeys.rhombus('/a', { b: 2 }))
  })

  it('puts Envoy connections, API calls and mutations under doorwayKeys.envoy()', () => {
    const keys = [
      doorwayKeys.envoy('connection', 'direct'),
      doorwayKeys.envoy('api', '/v1/locations'),
      doorwayKeys.envoy('connect', 'versori'),
      doorwayKeys.envoy('disconnect', 'rhombus'),
    ]
    for (const key of keys) starts(key, doorwayKeys.envoy())
    expect(doorwayKeys.envoy('connection', 'direct')).not.toEqual(
      doorwayKeys.envoy('connection', 'rhombus'),
    )
    expect(new Set(keys.map((k) => JSON.stringify(k))).size).toBe(4)
  })
})

describe('Envoy mutation keys', () => {
  it('read back the kind and way of a connect or disconnect key, and nothing else', () => {
    expect(parseEnvoyMutationKey(doorwayKeys.envoy('connect', 'versori'))).toEqual({
      kind: 'connect',
      via: 'versori',
    })
    expect(parseEnvoyMutationKey(doorwayKeys.envoy('disconnect', 'direct'))).toEqual({
      kind: 'disconnect',
      via: 'direct',
    })
    for (const key of [
      undefined,
      [],
      doorwayKeys.envoy('connection', 'direct'),
      doorwayKeys.envoy('api', '/v1/locations'),
      doorwayKeys.signIn,
      doorwayKeys.rhombus('connect', 'direct'),
      ['other', 'user', 'envoy', 'connect', 'direct'],
    ]) {
      expect(parseEnvoyMutationKey(key)).toBeUndefined()
    }
  })

  it('filter the connects and disconnects of one way, or of every way', () => {
    const mutation = (mutationKey: readonly unknown[]) => ({ options: { mutationKey } })
    const direct = envoyMutationFilters('direct').predicate
    expect(direct(mutation(doorwayKeys.envoy('connect', 'direct')))).toBe(true)
    expect(direct(mutation(doorwayKeys.envoy('disconnect', 'direct')))).toBe(true)
    expect(direct(mutation(doorwayKeys.envoy('connect', 'rhombus')))).toBe(false)
    expect(direct(mutation(doorwayKeys.envoy('connection', 'direct')))).toBe(false)
    expect(direct(mutation(doorwayKeys.signIn))).toBe(false)
    expect(direct({ options: {} })).toBe(false)
    const any = envoyMutationFilters().predicate
    expect(any(mutation(doorwayKeys.envoy('connect', 'versori')))).toBe(true)
    expect(any(mutation(doorwayKeys.envoy('disconnect', 'rhombus')))).toBe(true)
    expect(any(mutation(doorwayKeys.signOut))).toBe(false)
  })
})
