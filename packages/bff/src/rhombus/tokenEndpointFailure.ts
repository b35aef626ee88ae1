import type { RhombusProtocol } from '@doorway/core'
import { BffError, type BffErrorOptions } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'

const otherDialect: Record<RhombusProtocol, RhombusProtocol> = {
  oauth2: 'legacy',
  legacy: 'oauth2',
}
const sent: Record<RhombusProtocol, string> = {
  oauth2: 'the form-encoded OAuth 2.0 token request',
  legacy: 'the legacy JSON token request',
}

/**
 * The failures both dialects share, decided before the body's meaning: HTTP 415 means the
 * endpoint speaks the other dialect (`wrong_dialect`), 5xx is `upstream_unavailable`
 * (503 stays 503), and anything but a JSON object is `invalid_response`.
 */
export function tokenEndpointFailure(
  response: UpstreamResponse,
  json: Record<string, unknown> | undefined,
  protocol: RhombusProtocol,
): BffError | undefined {
  if (response.status === 415) {
    return new BffError(
      'wrong_dialect',
      `The Rhombus token endpoint refused ${sent[protocol]} with HTTP 415; it speaks the other dialect. Set RHOMBUS_PROTOCOL=${otherDialect[protocol]}.`,
    )
  }
  if (response.status >= 500) {
    const options: BffErrorOptions = {
      status: response.status === 503 ? 503 : 502,
    }
    if (typeof json?.error === 'string') options.error = json.error
    if (typeof json?.error_description === 'string')
      options.error_description = json.error_description
    return new BffError(
      'upstream_unavailable',
      `The Rhombus token endpoint answered HTTP ${response.status}.`,
      options,
    )
  }
  if (json === undefined) {
    return new BffError(
      'invalid_response',
      `The Rhombus token endpoint answered HTTP ${response.status} with a body that is not a JSON object.`,
    )
  }
  return undefined
}
