import { bearerToken } from '../bearerToken.js'
import type { VersoriState } from './createVersoriState.js'
import { versoriError } from './versoriError.js'
import { versoriErrors as errors } from './versoriErrorTexts.js'

/**
 * Checks `Authorization: Bearer <token>` against the sandbox's Versori tokens and returns
 * the 401 to answer, or `undefined` when the request may proceed. The Connect API
 * documents the bearer; the Embedded API's OpenAPI declares no scheme, and the sandbox
 * asks the same bearer there.
 */
export function authenticateVersori(state: VersoriState, headers: Headers): Response | undefined {
  const token = bearerToken(headers)
  if (token === undefined) return versoriError(401, 'unauthorized', errors.missingToken)
  if (!state.isToken(token)) return versoriError(401, 'unauthorized', errors.invalidToken)
  return undefined
}
