import { BffError } from '../http/BffError.js'
import type { UpstreamResponse } from '../http/callUpstream.js'
import { parseJsonObject } from '../http/parseJsonObject.js'

/** How {@link processRhombusApiResponse} words a 401 or 403: what was refused, and the remedy. */
export interface RhombusRefusal {
  /** The start of the detail, e.g. `Rhombus refused to mint an API key`. */
  detail: string
  hint: string
}

/**
 * The JSON object of a Rhombus API answer, or a `BffError`. Rhombus reports failures as
 * `{error: true, errorMsg}`, often with HTTP 200; those become `upstream_error` with the
 * `errorMsg` as detail (and as `error_description`). 401/403 mean the credential was refused
 * (worded by `refused`; by default, the BFF's API key),
 * 5xx `upstream_unavailable`, a body that is not a JSON object `invalid_response`.
 * `action` names the call in details, e.g. `initiateEnvoyOAuth`.
 */
export function processRhombusApiResponse(
  response: UpstreamResponse,
  action: string,
  refused: RhombusRefusal = {
    detail: `Rhombus refused the API key for ${action}`,
    hint: 'Check RHOMBUS_API_KEY: it must be an API key of the organisation (x-auth-scheme: api-token).',
  },
): Record<string, unknown> {
  const json = parseJsonObject(response.body)
  const errorMsg =
    typeof json?.errorMsg === 'string' && json.errorMsg !== '' ? json.errorMsg : undefined
  if (response.status >= 500) {
    throw new BffError(
      'upstream_unavailable',
      `Rhombus answered ${action} with HTTP ${response.status}.`,
      {
        status: response.status === 503 ? 503 : 502,
      },
    )
  }
  if (response.status === 401 || response.status === 403) {
    throw new BffError(
      'upstream_error',
      `${refused.detail} (HTTP ${response.status})${errorMsg ? `: ${errorMsg}` : '.'}`,
      { status: 502, hint: refused.hint, ...(errorMsg && { error_description: errorMsg }) },
    )
  }
  if (json === undefined) {
    throw new BffError(
      'invalid_response',
      `Rhombus answered ${action} (HTTP ${response.status}) with a body that is not a JSON object.`,
    )
  }
  if (json.error === true || response.status < 200 || response.status > 299) {
    throw new BffError(
      'upstream_error',
      errorMsg ?? `Rhombus refused ${action} (HTTP ${response.status}) without saying why.`,
      {
        status: 502,
        hint: `Rhombus refused ${action}; its message is the detail.`,
        ...(errorMsg && { error_description: errorMsg }),
      },
    )
  }
  return json
}
