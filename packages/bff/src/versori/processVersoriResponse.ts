import { BffError, type BffErrorOptions } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'
import { parseJsonObject } from '../http/parseJsonObject.js'

/**
 * The JSON object of a successful Versori answer (`{}` for an empty one), or a `BffError`
 * made from Versori's `Error` object `{code, message}` (kept as `error` and
 * `error_description`): 5xx → `upstream_unavailable`; 401/403 → `upstream_error` (the
 * token was refused); 409 → `already_connected`; `invalid_state` → `state_mismatch`;
 * `oauth2_exchange_failed` → `invalid_grant` (Envoy refused the code); anything else →
 * `upstream_error`. `action` names the call in details.
 */
export function processVersoriResponse(
  response: UpstreamResponse,
  action: string,
): Record<string, unknown> {
  const json = response.body === '' ? {} : parseJsonObject(response.body)
  if (response.status >= 200 && response.status <= 299) {
    if (json === undefined) {
      throw new BffError(
        'invalid_response',
        `Versori answered ${action} with a body that is not a JSON object.`,
      )
    }
    return json
  }
  const spec: BffErrorOptions = {}
  if (typeof json?.code === 'string') spec.error = json.code
  if (typeof json?.message === 'string') spec.error_description = json.message
  const said = spec.error_description ? `: ${spec.error_description}` : '.'
  if (response.status >= 500) {
    throw new BffError(
      'upstream_unavailable',
      `Versori answered ${action} with HTTP ${response.status}.`,
      {
        ...spec,
        status: response.status === 503 ? 503 : 502,
      },
    )
  }
  if (response.status === 401 || response.status === 403) {
    throw new BffError(
      'upstream_error',
      `Versori refused the token for ${action} (HTTP ${response.status})${said}`,
      {
        ...spec,
        status: 502,
        hint: 'Check VERSORI_TOKEN: Versori must accept it as a Bearer token.',
      },
    )
  }
  if (response.status === 409) {
    throw new BffError('already_connected', `Versori refused ${action}${said}`, spec)
  }
  if (spec.error === 'invalid_state') {
    throw new BffError('state_mismatch', `Versori refused ${action}${said}`, spec)
  }
  if (spec.error === 'oauth2_exchange_failed') {
    throw new BffError('invalid_grant', `Versori could not redeem the code at Envoy${said}`, spec)
  }
  throw new BffError(
    'upstream_error',
    `Versori refused ${action} (HTTP ${response.status})${said}`,
    {
      ...spec,
      status: 502,
    },
  )
}
