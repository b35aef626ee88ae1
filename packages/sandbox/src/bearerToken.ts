/** RFC 6750 §2.1: `Bearer` (any letter case, RFC 9110 §11.1), one space or more, a token68. */
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or `undefined`
 * when the header is absent, uses another scheme or is malformed.
 */
export function bearerToken(headers: Headers): string | undefined {
  const value = headers.get('authorization')
  if (value === null) return undefined
  return bearerPattern.exec(value.trim())?.[1]
}
