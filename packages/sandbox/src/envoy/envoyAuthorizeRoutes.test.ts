import { describe, expect, it } from 'vitest'
import { envoyRedirectUri, origin, sandboxFixture } from '../__tests__/sandboxFixture.js'
import { envoyAuthorizeErrors as errors } from './envoyErrorTexts.js'

const buttonsOf = (html: string) =>
  [...html.matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map((match) => match[1])

const authorizePath = '/envoy/app/a/auth/v0/authorize'
const encodedRedirect = encodeURIComponent(envoyRedirectUri)

/** An authorize URL from a raw query string, exactly as written. */
const raw = (query: string) => `${origin}${authorizePath}?${query}`

describe('Envoy OAuth prompt', () => {
  it('accepts the guide’s exact query string, scopes joined by +, and lists the scopes', async () => {
    const sandbox = sandboxFixture()
    const url = raw(
      `response_type=code&client_id=envoy-sandbox-client&redirect_uri=${encodedRedirect}&scope=locations.read+token.refresh&state=s1`,
    )
    const response = await sandbox.request(url)
    const html = await response.text()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(html).toContain('<h1>Install Doorway demo in Envoy</h1>')
    expect(html).toContain('<li><code>locations.read</code></li>')
    expect(html).toContain('<li><code>token.refresh</code></li>')
    expect(buttonsOf(html)).toEqual(['Approve', 'Deny'])
    expect(html).toMatch(/<form method="post" action="decision">/)
  })

  it('builds the same query string as URLSearchParams does (spaces as +, never %2B)', () => {
    const url = new URL(sandboxFixture().envoyAuthorizeUrl())
    expect(url.search).toBe(
      `?response_type=code&client_id=envoy-sandbox-client&redirect_uri=${encodedRedirect}&scope=locations.read+token.refresh&state=envoy-st4te`,
    )
  })

  it('takes %20 for a space too: the decoded scope is what counts', async () => {
    const sandbox = sandboxFixture()
    const url = raw(
      `response_type=code&client_id=envoy-sandbox-client&redirect_uri=${encodedRedirect}&scope=locations.read%20token.refresh`,
    )
    expect((await sandbox.request(url)).status).toBe(200)
  })

  it('loads no external resource and refuses every one by policy', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(sandbox.envoyAuthorizeUrl())
    const html = await response.text()
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i)
    expect(html).not.toMatch(/(src|href)=/i)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  const badScopes: Array<[string, string, string]> = [
    ['a double-encoded + (%2B)', 'locations.read%2Btoken.refresh', errors.doubleEncodedScope],
    ['a triple-encoded + (%252B)', 'locations.read%252Btoken.refresh', errors.doubleEncodedScope],
    [
      'a double-encoded space (%2520)',
      'locations.read%2520token.refresh',
      errors.doubleEncodedScope,
    ],
    ['commas', 'locations.read,token.refresh', errors.commaSeparatedScope],
    ['two spaces', 'locations.read++token.refresh', errors.malformedScope],
    ['a leading space', '+locations.read', errors.malformedScope],
    ['an unknown scope', 'locations.read+offline_access', errors.unknownScope],
    ['an empty scope', '', errors.missingScope],
  ]

  it.each(badScopes)('refuses %s in scope with a 400 page', async (_, scope, text) => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(
      raw(
        `response_type=code&client_id=envoy-sandbox-client&redirect_uri=${encodedRedirect}&scope=${scope}&state=s`,
      ),
    )
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    expect(await response.text()).toContain(text.replaceAll('"', '&quot;'))
  })

  const invalid: Array<[string, Record<string, string | null>, string]> = [
    ['missing client_id', { client_id: null }, errors.missingClientId],
    ['unknown client', { client_id: 'nobody' }, errors.unknownClient],
    ['missing redirect_uri', { redirect_uri: null }, errors.missingRedirectUri],
    [
      'a redirect URI on another port',
      { redirect_uri: 'http://localhost:5174/oauth/callback/envoy' },
      errors.redirectUriNotRegistered,
    ],
    [
      'a redirect URI with a trailing slash',
      { redirect_uri: `${envoyRedirectUri}/` },
      errors.redirectUriNotRegistered,
    ],
    ['response_type token', { response_type: 'token' }, errors.wrongResponseType],
    ['missing response_type', { response_type: null }, errors.wrongResponseType],
    [
      'a PKCE challenge',
      { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' },
      errors.pkceNotSupported,
    ],
    ['a PKCE method', { code_challenge_method: 'S256' }, errors.pkceNotSupported],
    ['missing scope', { scope: null }, errors.missingScope],
  ]

  it.each(invalid)('refuses %s with a 400 page and no redirect', async (_, overrides, text) => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(sandbox.envoyAuthorizeUrl(overrides))
    expect(response.status).toBe(400)
    expect(response.headers.get('location')).toBeNull()
    const html = await response.text()
    expect(html).toContain('<h1>Authorization request rejected</h1>')
    expect(html).not.toContain('<form')
    expect(html).toContain(text.replaceAll("'", '&#39;'))
  })

  it('refuses a repeated parameter', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(`${sandbox.envoyAuthorizeUrl()}&scope=locations.read`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(errors.repeatedParameter)
  })

  it('matches a redirect URI registered as a path against the sandbox’s own origin only', async () => {
    const sandbox = sandboxFixture({
      envoyClients: [{ clientId: 'local', clientSecret: 's', redirectUris: ['/cb'] }],
    })
    const ok = await sandbox.request(
      sandbox.envoyAuthorizeUrl({ client_id: 'local', redirect_uri: `${origin}/cb` }),
    )
    expect(ok.status).toBe(200)
    const elsewhere = await sandbox.request(
      sandbox.envoyAuthorizeUrl({ client_id: 'local', redirect_uri: 'http://evil.example/cb' }),
    )
    expect(elsewhere.status).toBe(400)
  })
})

describe('Envoy prompt decisions', () => {
  it('Approve redirects to the exact redirect URI with code and state', async () => {
    const callback = await sandboxFixture().envoyCallback('approve')
    expect(`${callback.origin}${callback.pathname}`).toBe(envoyRedirectUri)
    expect([...callback.searchParams.keys()]).toEqual(['code', 'state'])
    expect(callback.searchParams.get('state')).toBe('envoy-st4te')
  })

  it('Deny redirects with error=access_denied and state', async () => {
    const callback = await sandboxFixture().envoyCallback('deny')
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      error: 'access_denied',
      state: 'envoy-st4te',
    })
  })

  it('echoes no state when the app sent none (Envoy does not require it)', async () => {
    const callback = await sandboxFixture().envoyCallback('approve', { state: null })
    expect([...callback.searchParams.keys()]).toEqual(['code'])
  })

  it('takes each decision once', async () => {
    const sandbox = sandboxFixture()
    const html = await (await sandbox.request(sandbox.envoyAuthorizeUrl())).text()
    const id = /name="request" value="([^"]+)"/.exec(html)![1]!
    const decide = () =>
      sandbox.request('/envoy/app/a/auth/v0/decision', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ request: id, decision: 'approve' }).toString(),
      })
    expect((await decide()).status).toBe(302)
    const second = await decide()
    expect(second.status).toBe(400)
    expect(second.headers.get('location')).toBeNull()
    expect(await second.text()).toContain(errors.unknownRequest)
  })

  it('refuses a decision that is not a button', async () => {
    await expect(sandboxFixture().envoyCallback('approve_partner' as 'approve')).rejects.toThrow(
      errors.invalidDecision,
    )
  })
})
