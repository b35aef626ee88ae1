/** The values an authorize request is built from. */
export interface AuthorizeValues {
  clientId: string
  redirectUri: string
  state: string
  codeChallenge?: string
  scope?: string
}

/**
 * An authorize request described as data: the path on the authorization host and the
 * query parameters in order, each either taken from {@link AuthorizeValues} or fixed.
 */
export interface AuthorizeDialect {
  path: string
  params: ReadonlyArray<readonly [name: string, source: keyof AuthorizeValues | { value: string }]>
}

/**
 * Builds the authorize URL of a dialect on a base URL (which may carry a path prefix).
 * Values are form-encoded, so spaces in a scope become `+` and are never double-encoded.
 */
export function buildAuthorizeUrl(
  base: string,
  dialect: AuthorizeDialect,
  values: AuthorizeValues,
): URL {
  const url = new URL(base.replace(/\/+$/, '') + dialect.path)
  for (const [name, source] of dialect.params) {
    const value = typeof source === 'string' ? values[source] : source.value
    if (value !== undefined) url.searchParams.append(name, value)
  }
  return url
}
