import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'

/** The Rhombus settings, or 501 `not_configured` when the BFF has none. */
export function requireRhombus(rhombus: ResolvedRhombusConfig | undefined): ResolvedRhombusConfig {
  if (rhombus === undefined) {
    throw new BffError(
      'not_configured',
      'Rhombus is not configured on this BFF (set RHOMBUS_CLIENT_ID and RHOMBUS_CLIENT_SECRET).',
    )
  }
  return rhombus
}
