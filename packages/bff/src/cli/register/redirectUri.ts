import { parseHttpUrl } from '../../config/parseHttpUrl.js'
import { RegisterError } from './RegisterError.js'

/** What to do about a redirect URI that this CLI or Rhombus refused. */
export const redirectUriRemedy =
  'Pass the exact callback URL, e.g. --redirect-uri http://localhost:5173/oauth/callback/rhombus.'

/**
 * Checks a redirect URI before it is sent to Rhombus: absolute `http(s)`, no fragment
 * (Rhombus matches it exactly, so it is kept as typed). Throws `invalid_redirect_uri`.
 */
export function checkRedirectUri(value: string): string {
  if (parseHttpUrl(value) === undefined || value.includes('#')) {
    throw new RegisterError(
      'invalid_redirect_uri',
      `The redirect URI "${value}" is not an absolute http(s) URL without a #fragment.`,
      redirectUriRemedy,
    )
  }
  return value
}
