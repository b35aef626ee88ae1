import type { RhombusApiKeyRequest } from '@doorway/core'
import { BffError } from '../http/BffError.js'

/** The longest `displayName` accepted, in characters (Unicode code points). */
export const maxDisplayNameLength = 100

const fields = new Set(['displayName'])
// Control characters (C0, DEL, C1) and lone surrogates (not well-formed text).
const unprintable = /[\p{Cc}\p{Cs}]/u

/**
 * Checks `body` (`POST /rhombus/api-keys`) against {@link RhombusApiKeyRequest} before anything is sent to Rhombus:
 * anything else than a JSON object with exactly a fitting `displayName` is 400
 * `bad_request`. Returns the name trimmed.
 */
export function parseRhombusApiKeyRequest(body: unknown): RhombusApiKeyRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BffError('bad_request', 'The body must be a JSON object: {"displayName": "..."}.')
  }
  const extra = Object.keys(body).filter((name) => !fields.has(name))
  if (extra.length > 0) {
    const first = JSON.stringify((extra[0] ?? '').slice(0, 40))
    throw new BffError(
      'bad_request',
      `The body takes only "displayName"; ${first}${extra.length > 1 ? ` and ${extra.length - 1} more` : ''} is not accepted.`,
    )
  }
  const value = (body as Record<string, unknown>).displayName
  if (value === undefined) throw new BffError('bad_request', '"displayName" is required.')
  if (typeof value !== 'string') {
    throw new BffError('bad_request', '"displayName" must be a string.')
  }
  const displayName = value.trim()
  const length = [...displayName].length
  if (length === 0 || length > maxDisplayNameLength) {
    throw new BffError(
      'bad_request',
      `"displayName" must be 1 to ${maxDisplayNameLength} characters once trimmed.`,
    )
  }
  if (unprintable.test(displayName)) {
    throw new BffError('bad_request', '"displayName" must not contain control characters.')
  }
  return { displayName }
}
