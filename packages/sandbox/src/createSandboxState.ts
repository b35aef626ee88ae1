import { createRequestLog, type RequestLog } from './requestLog.js'
import { createRhombusState, type RhombusState } from './rhombus/createRhombusState.js'
import type { RhombusClient } from './rhombus/rhombusClient.js'

/** What the emulators are configured with; every field has a default. */
export interface SandboxOptions {
  /** Rhombus OAuth clients. Default: `sandbox-client` / `sandbox-secret` ({@link defaultRhombusClient}). */
  clients?: RhombusClient[]
  /** Lifetime of authorization codes. Default 30 seconds. */
  codeTtlSeconds?: number
  /** Lifetime of access tokens. Default 3600 seconds. */
  tokenTtlSeconds?: number
  /** The clock, epoch milliseconds. Default `Date.now`; tests inject one to expire codes. */
  now?: () => number
}

/** Everything one sandbox remembers: the request log and each provider's state. */
export interface SandboxState {
  readonly now: () => number
  readonly log: RequestLog
  readonly rhombus: RhombusState
}

/** Creates a fresh {@link SandboxState} from {@link SandboxOptions}. */
export function createSandboxState(options: SandboxOptions = {}): SandboxState {
  const now = options.now ?? Date.now
  return { now, log: createRequestLog(), rhombus: createRhombusState({ ...options, now }) }
}
