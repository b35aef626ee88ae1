import type { RhombusState } from './createRhombusState.js'
import type { RhombusAccount } from './rhombusAccounts.js'
import { rhombusEnvoyIntegrationErrors as errors } from './rhombusErrorTexts.js'

/**
 * Checks Rhombus's API-key headers, `x-auth-scheme: api-token` and `x-auth-apikey`, and
 * returns the account whose organisation owns the key, or the `errorMsg` of the 401.
 */
export function authenticateRhombusApiKey(
  state: RhombusState,
  headers: Headers,
): RhombusAccount | string {
  if (headers.get('x-auth-scheme') !== 'api-token') return errors.unsupportedAuthScheme
  const apiKey = headers.get('x-auth-apikey')
  if (apiKey === null || apiKey === '') return errors.missingApiKey
  return state.findApiKey(apiKey) ?? errors.invalidApiKey
}
