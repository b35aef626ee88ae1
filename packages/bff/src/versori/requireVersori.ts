import type { ResolvedVersoriConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'

/** The Versori settings, or 501 `not_configured` when the BFF has none. */
export function requireVersori(versori: ResolvedVersoriConfig | undefined): ResolvedVersoriConfig {
  if (versori === undefined) {
    throw new BffError(
      'not_configured',
      'Connecting Envoy through Versori is not configured on this BFF (set the VERSORI_* variables).',
    )
  }
  return versori
}
