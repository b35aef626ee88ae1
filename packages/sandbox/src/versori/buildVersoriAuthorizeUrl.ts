/** The parameters Versori itself adds to an authorize URL, in the order it adds them. */
export const versoriStandardParameters = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'prompt',
] as const

/** What {@link buildVersoriAuthorizeUrl} builds a URL from. */
export interface VersoriAuthorizeUrlInput {
  authorizeUrl: string
  clientId: string
  redirectUri: string
  state: string
  scopes?: string[]
  disableOfflineAccess?: boolean
  prompt?: string
  additionalParams?: string
}

/**
 * Builds the authorize URL `initialise` answers: `authorizeUrl` with
 * `response_type=code`, `client_id`, `redirect_uri`, `scope` (the scopes plus
 * `offline_access` unless disabled; absent when empty), `state`, `prompt` (default
 * `login`, none when `additionalParams` has `approval_prompt`; `+`-joined values become
 * spaces) and then `additionalParams`. Values are form-encoded once, so spaces become `+`.
 * Returns `'parameterConflict'` when `additionalParams` sets a standard parameter and
 * `'authorizeUrlConflict'` when `authorizeUrl`'s own query already does; names are compared
 * after decoding, dropping control characters, trimming and lower-casing (`%20State%00` is
 * `state`), as Versori's notes say a lenient provider would read them.
 */
export function buildVersoriAuthorizeUrl(
  input: VersoriAuthorizeUrlInput,
): { url: URL; scopes: string[] } | 'parameterConflict' | 'authorizeUrlConflict' {
  const url = new URL(input.authorizeUrl)
  const standard: ReadonlySet<string> = new Set(versoriStandardParameters)
  const isStandard = (name: string) => standard.has(normalName(name))
  if ([...url.searchParams.keys()].some(isStandard)) return 'authorizeUrlConflict'
  const additional = new URLSearchParams(input.additionalParams ?? '')
  if ([...additional.keys()].some(isStandard)) return 'parameterConflict'

  const scopes = [...(input.scopes ?? [])]
  if (input.disableOfflineAccess !== true && !scopes.includes('offline_access')) {
    scopes.push('offline_access')
  }
  const prompt =
    input.prompt !== undefined
      ? input.prompt.split(/[+ ]+/).filter(Boolean).join(' ')
      : additional.has('approval_prompt')
        ? undefined
        : 'login'

  const query = url.searchParams
  query.append('response_type', 'code')
  query.append('client_id', input.clientId)
  query.append('redirect_uri', input.redirectUri)
  if (scopes.length > 0) query.append('scope', scopes.join(' '))
  query.append('state', input.state)
  if (prompt !== undefined && prompt !== '') query.append('prompt', prompt)
  for (const [name, value] of additional) query.append(name, value)
  return { url, scopes }
}

/** A decoded parameter name without control characters, trimmed and lower-cased. */
function normalName(name: string): string {
  return [...name]
    .filter((char) => char > '\u001f' && char !== '\u007f')
    .join('')
    .trim()
    .toLowerCase()
}
