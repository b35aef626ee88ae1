import type { Hono } from 'hono'
import type { SandboxProvider, SandboxRole } from './requestLog.js'

/**
 * One emulated provider host, served by the single sandbox server under a path prefix
 * (`/rhombus/console` stands for `https://console.rhombussystems.com`). Each provider's
 * module lists its hosts; the sandbox mounts and logs them alike.
 */
export interface EmulatedHost {
  provider: SandboxProvider
  role: SandboxRole
  /** Starts with `/`, no trailing slash. */
  prefix: string
  app: Hono
}
