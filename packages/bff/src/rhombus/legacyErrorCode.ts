import type { DoorwayErrorCode } from '@doorway/core'

const causes: readonly [RegExp, DoorwayErrorCode][] = [
  [/redirect/i, 'redirect_uri_mismatch'],
  [/verifier|challenge|pkce/i, 'pkce_mismatch'],
  [/expire/i, 'code_expired'],
  [/scheme|web2/i, 'wrong_auth_scheme'],
  [/client/i, 'invalid_client'],
]

/**
 * The code for a legacy token failure, read from its `errorMsg` text: the causes the
 * published guide's troubleshooting names (redirect URI mismatch, PKCE, expired code, wrong
 * `x-auth-scheme`, unknown client), else `invalid_grant`.
 */
export function legacyErrorCode(message: string): DoorwayErrorCode {
  return causes.find(([pattern]) => pattern.test(message))?.[1] ?? 'invalid_grant'
}
