/**
 * Authorize parameters `additionalParams` must not set: the ones Versori adds itself
 * (`redirect_uri`, `state`, `prompt`, `scope`, `response_type`, `client_id`), and PKCE and
 * OIDC parameters that would change the flow behind Versori's back.
 */
export const versoriReservedParameters: ReadonlySet<string> = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'prompt',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'response_mode',
  'request',
  'request_uri',
])
