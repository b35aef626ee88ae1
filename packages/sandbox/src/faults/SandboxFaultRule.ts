import type { SandboxProvider, SandboxRole } from '../requestLog.js'
import type { SandboxFault } from './SandboxFault.js'

/**
 * A fault rule as it is added (`POST /__sandbox/faults` or `sandbox.faults.add`): which
 * requests it catches and what they get instead of an answer.
 */
export interface SandboxFaultRuleInput {
  /** `POST`, `GET`, … (any case), or `*` for every method. */
  method: string
  /**
   * The exact path on the emulated host, as the request log records it (no query): e.g.
   * `/oauth/token`, `/api/user/getUsersInOrg`, `/a/auth/v0/token`.
   */
  path: string
  /** Only this provider's hosts; default every provider. */
  provider?: SandboxProvider
  /**
   * Only this host; default every host with the path (`/oauth/token` is on both Rhombus
   * token hosts: `auth-web` for `oauth2`, `auth` for `legacy`).
   */
  role?: SandboxRole
  fault: SandboxFault
  /** The chance (0..1) that a matching request is faulted. Default 1. */
  probability?: number
  /** Fault this many requests (a positive integer), then stop. Default: no limit. */
  times?: number
}

/** A rule the sandbox holds, as listed by `GET /__sandbox/faults` and `sandbox.faults.list()`. */
export interface SandboxFaultRule extends SandboxFaultRuleInput {
  /** `fault-1`, `fault-2`, …: what `DELETE /__sandbox/faults/:id` takes. */
  id: string
  /** Upper case, or `*`. */
  method: string
  probability: number
  /** How many requests it has faulted so far. */
  hits: number
  /** With `times`: how many more it will fault (0: spent, it catches nothing any more). */
  remaining?: number
}
