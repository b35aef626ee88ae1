import type { SandboxProvider, SandboxRole } from '../requestLog.js'
import { type SandboxFault, sandboxFaultDefaults } from './SandboxFault.js'
import type { SandboxFaultRuleInput } from './SandboxFaultRule.js'

const providers: readonly SandboxProvider[] = ['rhombus', 'envoy', 'versori']
const roles: readonly SandboxRole[] = ['console', 'auth-web', 'auth', 'api', 'app', 'platform']
const ruleMembers = new Set(['method', 'path', 'provider', 'role', 'fault', 'probability', 'times'])
const faultMembers: Record<SandboxFault['kind'], readonly string[]> = {
  status: ['status', 'retryAfter'],
  hang: [],
  reset: [],
  'non-json': [],
  trickle: ['bytesPerSecond'],
  huge: ['bytes'],
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isInteger = (value: unknown, min: number, max: number): value is number =>
  Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max

/**
 * Checks an untrusted value (the body of `POST /__sandbox/faults`, or what code passes to
 * `faults.add`) and returns it as a {@link SandboxFaultRuleInput} with the method upper
 * case, or a message saying what is wrong. Unknown members are refused, so that a typo
 * (`retry_after`) is an error and not a rule that silently does something else.
 */
export function parseSandboxFaultRule(value: unknown): SandboxFaultRuleInput | string {
  if (!isObject(value)) return 'the rule must be a JSON object'
  const unknown = Object.keys(value).find((key) => !ruleMembers.has(key))
  if (unknown !== undefined) {
    return `unknown member "${unknown}"; a rule has ${[...ruleMembers].join(', ')}`
  }
  const { method, path, provider, role, fault, probability, times } = value
  if (typeof method !== 'string' || !/^([A-Za-z]{1,16}|\*)$/.test(method)) {
    return 'method must be an HTTP method (e.g. "POST") or "*"'
  }
  if (typeof path !== 'string' || !/^\/[^?#\s]*$/.test(path) || path.length > 2048) {
    return 'path must be the exact path on the emulated host, starting with "/", without query'
  }
  if (provider !== undefined && !providers.includes(provider as SandboxProvider)) {
    return `provider must be one of ${providers.join(', ')}`
  }
  if (role !== undefined && !roles.includes(role as SandboxRole)) {
    return `role must be one of ${roles.join(', ')}`
  }
  if (
    probability !== undefined &&
    (typeof probability !== 'number' || !(probability >= 0 && probability <= 1))
  ) {
    return 'probability must be a number from 0 to 1'
  }
  if (times !== undefined && !isInteger(times, 1, Number.MAX_SAFE_INTEGER)) {
    return 'times must be a positive integer'
  }
  const parsed = parseFault(fault)
  if (typeof parsed === 'string') return parsed
  const rule: SandboxFaultRuleInput = { method: method.toUpperCase(), path, fault: parsed }
  if (provider !== undefined) rule.provider = provider as SandboxProvider
  if (role !== undefined) rule.role = role as SandboxRole
  if (probability !== undefined) rule.probability = probability
  if (times !== undefined) rule.times = times
  return rule
}

function parseFault(fault: unknown): SandboxFault | string {
  const kinds = Object.keys(faultMembers).join(', ')
  if (!isObject(fault)) return `fault must be an object with a kind (${kinds})`
  const kind = fault.kind
  if (typeof kind !== 'string' || !Object.hasOwn(faultMembers, kind)) {
    return `fault.kind must be one of ${kinds}`
  }
  const allowed = faultMembers[kind as SandboxFault['kind']]
  const unknown = Object.keys(fault).find((key) => key !== 'kind' && !allowed.includes(key))
  if (unknown !== undefined) {
    return `unknown member "fault.${unknown}" for a ${kind} fault${allowed.length ? ` (it takes ${allowed.join(', ')})` : ''}`
  }
  switch (kind) {
    case 'status': {
      if (!isInteger(fault.status, 400, 599)) {
        return 'fault.status must be an HTTP error status (an integer from 400 to 599)'
      }
      if (fault.retryAfter === undefined) return { kind, status: fault.status }
      if (!isInteger(fault.retryAfter, 0, 86_400)) {
        return 'fault.retryAfter must be a whole number of seconds from 0 to 86400'
      }
      return { kind, status: fault.status, retryAfter: fault.retryAfter }
    }
    case 'trickle': {
      const rate = fault.bytesPerSecond
      if (rate === undefined) return { kind }
      if (!isInteger(rate, 1, sandboxFaultDefaults.trickleMaxBytesPerSecond)) {
        return `fault.bytesPerSecond must be an integer from 1 to ${sandboxFaultDefaults.trickleMaxBytesPerSecond}`
      }
      return { kind, bytesPerSecond: rate }
    }
    case 'huge': {
      const { bytes } = fault
      if (bytes === undefined) return { kind }
      if (!isInteger(bytes, sandboxFaultDefaults.hugeMinBytes, sandboxFaultDefaults.hugeMaxBytes)) {
        return `fault.bytes must be an integer from ${sandboxFaultDefaults.hugeMinBytes} to ${sandboxFaultDefaults.hugeMaxBytes}`
      }
      return { kind, bytes }
    }
    default:
      return { kind } as SandboxFault
  }
}
