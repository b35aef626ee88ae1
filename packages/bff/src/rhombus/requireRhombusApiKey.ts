import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'

/** Rhombus settings that carry an API key. */
export type RhombusWithApiKey = ResolvedRhombusConfig & { apiKey: string }

/**
 * The Rhombus settings with their API key, or 501 `not_configured`: Rhombus's own Envoy
 * integration is called with an API key, not the user's token.
 */
export function requireRhombusApiKey(
  rhombus: ResolvedRhombusConfig | undefined,
): RhombusWithApiKey {
  if (rhombus?.apiKey === undefined) {
    throw new BffError(
      'not_configured',
      'Connecting Envoy through Rhombus needs a Rhombus API key on the BFF (set RHOMBUS_API_KEY).',
    )
  }
  return rhombus as RhombusWithApiKey
}
