import { BffError } from '../http/BffError.js'

/**
 * `value` (the Envoy settings, or what exists only with them), or 501 `not_configured`
 * when the BFF has no Envoy client.
 */
export function requireEnvoy<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new BffError(
      'not_configured',
      'Connecting Envoy directly is not configured on this BFF (set ENVOY_CLIENT_ID and ENVOY_CLIENT_SECRET).',
    )
  }
  return value
}
