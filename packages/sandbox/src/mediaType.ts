/**
 * True when the request's `Content-Type` names `expected`, ignoring parameters such as
 * `charset` and letter case (RFC 9110 §8.3.1).
 */
export function hasMediaType(headers: Headers, expected: string): boolean {
  const value = headers.get('content-type')
  if (value === null) return false
  return value.split(';', 1)[0]!.trim().toLowerCase() === expected
}
