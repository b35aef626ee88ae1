import type { VersoriInitialiseRequest } from '@doorway/core'
import { BffError } from '../http/BffError.js'
import { parseBodyObject } from '../http/parseBodyObject.js'
import { versoriReservedParameters } from './versoriReservedParameters.js'

const promptPattern = /^[a-z_]+(\+[a-z_]+)*$/

/**
 * A parameter name as a lenient server may read it (SECURITY 31): decoded (URLSearchParams
 * did that), control characters dropped, trimmed and lower-cased, so `%20State%00` is `state`.
 */
const normalName = (name: string) =>
  [...name]
    .filter((char) => char > '\u001f' && char !== '\u007f')
    .join('')
    .trim()
    .toLowerCase()

/**
 * Checks `body` (`POST /envoy/versori/initialise`) against {@link VersoriInitialiseRequest}, before anything is sent to
 * Versori: `additionalParams` that set a reserved parameter (see
 * {@link versoriReservedParameters}, compared after decoding, dropping control characters,
 * trimming and lower-casing) or that are not a query string, and malformed
 * `prompt` values, are 400 `bad_request`.
 */
export function parseVersoriInitialiseRequest(body: unknown): VersoriInitialiseRequest {
  const fields = parseBodyObject(body)
  const request: VersoriInitialiseRequest = {}
  const additionalParams = fields.optionalString('additionalParams', { maxLength: 2048 })
  if (additionalParams !== undefined) {
    if (additionalParams.startsWith('?') || /[#\s]/.test(additionalParams)) {
      throw new BffError(
        'bad_request',
        '"additionalParams" must be a URL-encoded query string without "?", "#" or spaces, e.g. "foo=bar&baz=qux".',
      )
    }
    const names = [...new URLSearchParams(additionalParams).keys()]
    const reserved = names.filter((name) => versoriReservedParameters.has(normalName(name)))
    if (reserved.length > 0) {
      throw new BffError(
        'bad_request',
        `"additionalParams" must not set ${reserved.join(', ')}: Versori sets the standard authorize parameters itself.`,
      )
    }
    if (names.some((name) => name === '')) {
      throw new BffError('bad_request', '"additionalParams" has a parameter without a name.')
    }
    request.additionalParams = additionalParams
  }
  const prompt = fields.optionalString('prompt', { maxLength: 128 })
  if (prompt !== undefined) {
    if (!promptPattern.test(prompt)) {
      throw new BffError(
        'bad_request',
        '"prompt" must be none, login, consent or select_account, or several joined by "+".',
      )
    }
    request.prompt = prompt
  }
  return request
}
