import type { RhombusProtocol } from '@doorway/core'
import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'

/** What the browser needs to start a Rhombus sign-in; public by design (`GET /config`). */
export interface RhombusPublicConfig {
  clientId: string
  protocol: RhombusProtocol
  /** Authorize host (may carry a path prefix, e.g. the sandbox). */
  consoleUrl: string
  /** Exact, as registered. */
  redirectUri: string
  /** Whether partner accounts may sign in (`RHOMBUS_PARTNERS`); false: `partner_not_supported`. */
  supportsPartners: boolean
}

/** The public part of the Rhombus settings; built field by field so a secret cannot slip in. */
export function rhombusPublicConfig(rhombus: ResolvedRhombusConfig): RhombusPublicConfig {
  return {
    clientId: rhombus.clientId,
    protocol: rhombus.protocol,
    consoleUrl: rhombus.consoleUrl,
    redirectUri: rhombus.redirectUri,
    supportsPartners: rhombus.supportsPartners,
  }
}
