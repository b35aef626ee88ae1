import { describe, expect, it } from 'vitest'
import { createSandboxFaults, type SandboxFaultTarget } from './createSandboxFaults.js'
import type { SandboxFaultRuleInput } from './SandboxFaultRule.js'

const token: SandboxFaultTarget = {
  method: 'POST',
  provider: 'rhombus',
  role: 'auth-web',
  path: '/oauth/token',
}
const legacyToken: SandboxFaultTarget = { ...token, role: 'auth' }
const users: SandboxFaultTarget = { ...token, role: 'api', path: '/api/user/getUsersInOrg' }
const error500 = { kind: 'status', status: 500 } as const

/** A random source that plays `values` in turn and counts its calls. */
function sequence(...values: number[]) {
  let calls = 0
  const random = () => {
    const value = values[calls % values.length]
    calls++
    return value as number
  }
  return { random, calls: () => calls }
}

describe('fault rules', () => {
  it('match the exact method and path, on every host with the path unless narrowed', () => {
    const faults = createSandboxFaults()
    const rule = faults.add({ method: 'post', path: '/oauth/token', fault: error500 })
    expect(rule).toEqual({
      id: 'fault-1',
      method: 'POST',
      path: '/oauth/token',
      fault: error500,
      probability: 1,
      hits: 0,
    })
    expect(faults.match(token)).toEqual({ ruleId: 'fault-1', fault: error500 })
    expect(faults.match(legacyToken)?.ruleId).toBe('fault-1')
    expect(faults.match({ ...token, method: 'GET' })).toBeUndefined()
    expect(faults.match({ ...token, path: '/oauth/token/' })).toBeUndefined()
    expect(faults.match({ ...token, path: '/oauth' })).toBeUndefined()
    expect(faults.match(users)).toBeUndefined()
    expect(faults.list()[0]?.hits).toBe(2)
  })

  it('narrow by provider and role, and take any method with *', () => {
    const faults = createSandboxFaults()
    faults.add({ method: '*', path: '/oauth/token', role: 'auth', fault: { kind: 'hang' } })
    faults.add({ method: 'POST', path: '/a/auth/v0/token', provider: 'envoy', fault: error500 })
    expect(faults.match(token)).toBeUndefined()
    expect(faults.match({ ...legacyToken, method: 'GET' })?.fault).toEqual({ kind: 'hang' })
    expect(faults.match({ ...token, path: '/a/auth/v0/token' })).toBeUndefined()
    expect(
      faults.match({ method: 'POST', provider: 'envoy', role: 'app', path: '/a/auth/v0/token' })
        ?.ruleId,
    ).toBe('fault-2')
  })

  it('the oldest rule that fires wins; one that does not fire leaves the next its turn', () => {
    const { random } = sequence(0.9, 0.1)
    const faults = createSandboxFaults({ random })
    faults.add({ method: 'POST', path: '/oauth/token', fault: error500, probability: 0.5 })
    faults.add({ method: 'POST', path: '/oauth/token', fault: { kind: 'reset' } })
    // 0.9 misses the first rule: the second (probability 1) takes the request.
    expect(faults.match(token)?.ruleId).toBe('fault-2')
    // 0.1 fires the first.
    expect(faults.match(token)?.ruleId).toBe('fault-1')
    expect(faults.list().map((rule) => rule.hits)).toEqual([1, 1])
  })

  it('probability p faults a request when random() < p, and never rolls for p = 1', () => {
    const { random, calls } = sequence(0.04, 0.05, 0.5, 0.049999, 0.999)
    const faults = createSandboxFaults({ random })
    faults.add({ method: 'POST', path: '/oauth/token', fault: error500, probability: 0.05 })
    const faulted = Array.from({ length: 5 }, () => faults.match(token) !== undefined)
    expect(faulted).toEqual([true, false, false, true, false])
    expect(calls()).toBe(5)

    const always = createSandboxFaults({ random: () => 0.999_999 })
    always.add({ method: 'POST', path: '/oauth/token', fault: error500 })
    expect(always.match(token)).toBeDefined()
    const never = createSandboxFaults({ random: () => 0 })
    never.add({ method: 'POST', path: '/oauth/token', fault: error500, probability: 0 })
    expect(never.match(token)).toBeUndefined()
  })

  it('probability 0.05 faults about one request in twenty with Math.random', () => {
    const faults = createSandboxFaults()
    faults.add({ method: 'POST', path: '/oauth/token', fault: error500, probability: 0.05 })
    let faulted = 0
    for (let i = 0; i < 20_000; i++) if (faults.match(token)) faulted++
    // Binomial(20000, 0.05): mean 1000, standard deviation about 31.
    expect(faulted).toBeGreaterThan(850)
    expect(faulted).toBeLessThan(1150)
  })

  it('times faults the next N requests it fires on, then the rule is spent', () => {
    const { random } = sequence(0.9, 0.1)
    const faults = createSandboxFaults({ random })
    faults.add({ method: 'POST', path: '/oauth/token', fault: error500, times: 2 })
    faults.add({
      method: 'POST',
      path: '/oauth/token',
      fault: error500,
      times: 1,
      probability: 0.5,
    })
    expect(faults.match(token)?.ruleId).toBe('fault-1')
    expect(faults.list()[0]).toMatchObject({ hits: 1, remaining: 1 })
    expect(faults.match(token)?.ruleId).toBe('fault-1')
    expect(faults.list()[0]).toMatchObject({ hits: 2, remaining: 0 })
    // Spent: the next rule's turn. A roll that misses does not count against times.
    expect(faults.match(token)).toBeUndefined()
    expect(faults.list()[1]).toMatchObject({ hits: 0, remaining: 1 })
    expect(faults.match(token)?.ruleId).toBe('fault-2')
    expect(faults.match(token)).toBeUndefined()
    expect(faults.list().map((rule) => rule.remaining)).toEqual([0, 0])
  })

  it('lists copies, removes one rule by id, clears them all', () => {
    const faults = createSandboxFaults()
    const first = faults.add({ method: 'POST', path: '/a', fault: { kind: 'huge', bytes: 100 } })
    faults.add({ method: 'POST', path: '/b', fault: { kind: 'non-json' } })
    const listed = faults.list()
    ;(listed[0]?.fault as { bytes: number }).bytes = 1
    first.path = '/changed'
    expect(faults.list()[0]).toMatchObject({ path: '/a', fault: { kind: 'huge', bytes: 100 } })

    expect(faults.remove('fault-1')).toBe(true)
    expect(faults.remove('fault-1')).toBe(false)
    expect(faults.list().map((rule) => rule.id)).toEqual(['fault-2'])
    faults.add({ method: 'POST', path: '/c', fault: { kind: 'reset' } })
    expect(faults.clear()).toBe(2)
    expect(faults.list()).toEqual([])
    // Ids are never reused.
    expect(faults.add({ method: 'GET', path: '/', fault: { kind: 'hang' } }).id).toBe('fault-4')
  })

  it.each<[string, unknown, string]>([
    ['no fault', { method: 'POST', path: '/x' }, 'fault must be an object'],
    ['an unknown kind', { method: 'POST', path: '/x', fault: { kind: 'slow' } }, 'fault.kind'],
    [
      'a probability over 1',
      { method: 'POST', path: '/x', fault: error500, probability: 2 },
      'probability',
    ],
    ['times 0', { method: 'POST', path: '/x', fault: error500, times: 0 }, 'times'],
  ])('add throws a TypeError for %s, and adds nothing', (_, rule, message) => {
    const faults = createSandboxFaults()
    expect(() => faults.add(rule as SandboxFaultRuleInput)).toThrow(TypeError)
    expect(() => faults.add(rule as SandboxFaultRuleInput)).toThrow(message)
    expect(faults.list()).toEqual([])
  })

  it('close ends every fault answer in flight, once, and the rules stay', () => {
    const faults = createSandboxFaults()
    faults.add({ method: 'GET', path: '/x', fault: { kind: 'hang' } })
    const controller = new AbortController()
    const hanging = faults.respond(
      { kind: 'hang' },
      new Request('http://sandbox.test/x', { signal: controller.signal }),
      undefined,
    )
    expect(faults.inFlight).toBe(1)
    faults.close()
    expect(faults.inFlight).toBe(0)
    faults.close()
    expect(faults.list()).toHaveLength(1)
    return expect(hanging).resolves.toMatchObject({ status: 502 })
  })
})
