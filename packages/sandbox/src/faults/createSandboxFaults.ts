import type { SandboxProvider, SandboxRole } from '../requestLog.js'
import { faultResponse } from './faultResponse.js'
import { parseSandboxFaultRule } from './parseSandboxFaultRule.js'
import type { SandboxFault } from './SandboxFault.js'
import type { SandboxFaultRule, SandboxFaultRuleInput } from './SandboxFaultRule.js'

/** Options of {@link createSandboxFaults}. */
export interface SandboxFaultsOptions {
  /** Rolls a rule's `probability`: a number in [0, 1). Default `Math.random`; tests pin it. */
  random?: () => number
}

/** The request a rule is matched against: where it went on the emulated hosts. */
export interface SandboxFaultTarget {
  method: string
  provider: SandboxProvider
  role: SandboxRole
  /** The path below the host's prefix, as the request log records it. */
  path: string
}

/** What {@link SandboxFaults.match} decided: the rule that fired and its fault. */
export interface SandboxFaultMatch {
  ruleId: string
  fault: SandboxFault
}

/**
 * The sandbox's fault rules, switchable at run time (see `/__sandbox/faults` and the
 * README, "Fault modes"), and the fault answers still in flight.
 */
export interface SandboxFaults {
  /**
   * Adds a rule (checked as `POST /__sandbox/faults` checks it) and returns it with its id.
   * Throws a `TypeError` saying what is wrong with an invalid rule.
   */
  add(rule: SandboxFaultRuleInput): SandboxFaultRule
  /** Every rule, oldest first (spent `times` rules included), as copies. */
  list(): SandboxFaultRule[]
  /** Removes one rule; `false` when no rule has this id. */
  remove(id: string): boolean
  /** Removes every rule; returns how many there were. Faults in flight go on. */
  clear(): number
  /**
   * The fault for a request, if any: the first rule (oldest first) that matches the
   * target, is not spent and wins its probability roll. Counts a hit on that rule.
   */
  match(target: SandboxFaultTarget): SandboxFaultMatch | undefined
  /**
   * The answer to a request {@link match} faulted (see `faultResponse`). `env` is the
   * server adapter's bindings (`c.env`), `{incoming, outgoing}` with `@hono/node-server`.
   */
  respond(fault: SandboxFault, request: Request, env: unknown): Response | Promise<Response>
  /** How many fault answers are still going (hangs, trickles, huge bodies). */
  readonly inFlight: number
  /**
   * Ends every fault answer still going: hangs drop their connection, trickles and huge
   * bodies are cut. The sandbox calls it when it closes; the rules stay.
   */
  close(): void
}

/** An empty {@link SandboxFaults}: no rule, nothing faulted. */
export function createSandboxFaults(options: SandboxFaultsOptions = {}): SandboxFaults {
  const random = options.random ?? Math.random
  const rules: SandboxFaultRule[] = []
  const running = new Set<{ end: () => void }>()
  let nextId = 1

  const copy = (rule: SandboxFaultRule): SandboxFaultRule => ({ ...rule, fault: { ...rule.fault } })
  const lifetime = {
    open(end: () => void) {
      const entry = { end }
      running.add(entry)
      return () => {
        running.delete(entry)
      }
    },
  }

  return {
    add(input) {
      const parsed = parseSandboxFaultRule(input)
      if (typeof parsed === 'string') throw new TypeError(`Invalid fault rule: ${parsed}.`)
      const rule: SandboxFaultRule = {
        id: `fault-${nextId++}`,
        ...parsed,
        probability: parsed.probability ?? 1,
        hits: 0,
      }
      if (parsed.times !== undefined) rule.remaining = parsed.times
      rules.push(rule)
      return copy(rule)
    },
    list: () => rules.map(copy),
    remove(id) {
      const index = rules.findIndex((rule) => rule.id === id)
      if (index < 0) return false
      rules.splice(index, 1)
      return true
    },
    clear() {
      return rules.splice(0).length
    },
    match(target) {
      const method = target.method.toUpperCase()
      for (const rule of rules) {
        if (rule.remaining === 0) continue
        if (rule.method !== '*' && rule.method !== method) continue
        if (rule.path !== target.path) continue
        if (rule.provider !== undefined && rule.provider !== target.provider) continue
        if (rule.role !== undefined && rule.role !== target.role) continue
        if (rule.probability < 1 && !(random() < rule.probability)) continue
        rule.hits++
        if (rule.remaining !== undefined) rule.remaining--
        return { ruleId: rule.id, fault: { ...rule.fault } }
      }
      return undefined
    },
    respond: (fault, request, env) => faultResponse(fault, request, env, lifetime),
    get inFlight() {
      return running.size
    },
    close() {
      for (const entry of [...running]) {
        running.delete(entry)
        entry.end()
      }
    },
  }
}
