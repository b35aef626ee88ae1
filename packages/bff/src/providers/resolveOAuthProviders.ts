import type { ProviderConfig } from '../config/BffConfig.js'
import type { BffConfigIssue } from '../config/BffConfigError.js'
import { parseHttpUrl } from '../config/parseHttpUrl.js'
import type { ClientAuthentication, TokenRequestEncoding } from '../oauth/OAuthProvider.js'
import { genericOAuthProvider, type ResolvedOAuthProvider } from './ResolvedOAuthProvider.js'

const idPattern = /^[a-z][a-z0-9-]{0,63}$/
/** RFC 6749 §3.3: scope tokens of NQCHAR, separated by single spaces. */
const scopePattern = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/
const encodings: readonly TokenRequestEncoding[] = ['form', 'json']
const clientAuths: readonly ClientAuthentication[] = [
  'client_secret_basic',
  'client_secret_post',
  'body',
]

/**
 * Checks `BffConfig.oauthProviders` and resolves each entry, adding every problem to
 * `issues` (never a secret's value) and each redirect URI's origin to `allowedOrigins`.
 * URLs are kept exactly as given (they are compared and sent verbatim).
 */
export function resolveOAuthProviders(
  providers: unknown,
  issues: BffConfigIssue[],
  allowedOrigins: Set<string>,
): Map<string, ResolvedOAuthProvider> {
  const resolved = new Map<string, ResolvedOAuthProvider>()
  if (providers === undefined) return resolved
  if (typeof providers !== 'object' || providers === null || Array.isArray(providers)) {
    issues.push({ key: 'oauthProviders', message: 'must be an object of providers by id' })
    return resolved
  }

  for (const [id, value] of Object.entries(providers)) {
    const key = `oauthProviders.${id}`
    const issue = (field: string, message: string) =>
      issues.push({ key: field === '' ? key : `${key}.${field}`, message })
    if (id === 'rhombus') {
      issue('', '"rhombus" is the sign-in provider; give this provider another id')
    } else if (id === 'envoy') {
      issue(
        '',
        '"envoy" is the preset made by the `envoy` setting (ENVOY_*); use that, or another id',
      )
    } else if (!idPattern.test(id)) {
      issue('', 'the id must match [a-z][a-z0-9-]* (at most 64 characters)')
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issue('', 'must be an object')
      continue
    }
    const p = value as Partial<Record<keyof ProviderConfig, unknown>>

    const text = (field: keyof ProviderConfig): string => {
      const v = p[field]
      if (typeof v !== 'string' || v === '') {
        issue(field, 'is required')
        return ''
      }
      return v
    }
    /** An absolute http(s) URL without fragment (RFC 6749 §3.1, §3.1.2). */
    const endpoint = (field: keyof ProviderConfig): string => {
      const v = text(field)
      if (v === '') return v
      if (parseHttpUrl(v) === undefined || v.includes('#')) {
        issue(field, `must be an absolute http(s) URL without a fragment, got "${v}"`)
      }
      return v
    }

    const clientId = text('clientId')
    const clientSecret = text('clientSecret')
    const authorizeUrl = endpoint('authorizeUrl')
    const tokenEndpoint = endpoint('tokenEndpoint')
    const redirectUri = endpoint('redirectUri')
    const redirectOrigin = parseHttpUrl(redirectUri)?.origin
    if (redirectOrigin !== undefined && !redirectUri.includes('#')) {
      allowedOrigins.add(redirectOrigin)
    }

    let issuer: string | undefined
    if (p.issuer !== undefined) {
      const v = p.issuer
      if (
        typeof v !== 'string' ||
        parseHttpUrl(v) === undefined ||
        v.includes('?') ||
        v.includes('#')
      ) {
        issue(
          'issuer',
          `must be an http(s) URL without query or fragment (RFC 8414 §2), got "${String(v)}"`,
        )
      } else {
        issuer = v
      }
    }

    let scopes: string[] = []
    if (p.scope !== undefined) {
      if (typeof p.scope !== 'string' || !scopePattern.test(p.scope)) {
        issue('scope', 'must be scope tokens separated by single spaces (RFC 6749 §3.3)')
      } else {
        scopes = p.scope.split(' ')
      }
    }

    if (p.pkce !== undefined && typeof p.pkce !== 'boolean') {
      issue('pkce', 'must be true or false')
    }
    const encoding = p.encoding as TokenRequestEncoding
    if (!encodings.includes(encoding)) {
      issue('encoding', `must be "form" or "json", got "${String(p.encoding)}"`)
    }
    const clientAuth = p.clientAuth as ClientAuthentication
    if (!clientAuths.includes(clientAuth)) {
      issue(
        'clientAuth',
        `must be "client_secret_basic", "client_secret_post" or "body", got "${String(p.clientAuth)}"`,
      )
    } else if (clientAuth === 'client_secret_post' && encoding === 'json') {
      issue(
        'clientAuth',
        '"client_secret_post" means form parameters (RFC 6749 §2.3.1); with JSON use "body"',
      )
    }

    const provider: ResolvedOAuthProvider = {
      ...genericOAuthProvider(id, { tokenEndpoint, encoding, clientAuth, issuer }),
      id,
      name: id,
      clientId,
      clientSecret,
      authorizeUrl,
      scopes,
      redirectUri,
      pkce: p.pkce !== false,
      sendRedirectUri: true,
    }
    resolved.set(id, provider)
  }
  return resolved
}
