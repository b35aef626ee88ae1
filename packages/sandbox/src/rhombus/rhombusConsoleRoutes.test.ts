import { describe, expect, it } from 'vitest'
import { sandboxFixture, subjectOf } from '../__tests__/sandboxFixture.js'
import { completeRhombusAuthorization } from './completeRhombusAuthorization.js'
import { rhombusAccounts } from './rhombusAccounts.js'
import { rhombusApproveDecisions } from './rhombusConsoleRoutes.js'
import { rhombusConsoleErrors as errors } from './rhombusErrorTexts.js'

const buttonsOf = (html: string) =>
  [...html.matchAll(/<button[^>]*>([^<]+)<\/button>/g)].map((match) => match[1])

describe('console authorize pages', () => {
  it('renders the oauth2 consent page naming the app, with a button per account and Deny', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(sandbox.authorizeUrl('oauth2'))
    const html = await response.text()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(html).toContain('<h1>Sign in to Doorway demo with Rhombus</h1>')
    expect(buttonsOf(html)).toEqual([
      'Approve',
      'Approve as partner',
      'Approve as member',
      'Approve as other org',
      'Deny',
    ])
    expect(html).toMatch(/<form method="post" action="\.\.\/decision">/)
  })

  it('renders the legacy consent page with the access-token button too', async () => {
    const sandbox = sandboxFixture()
    const html = await (await sandbox.request(sandbox.authorizeUrl('legacy'))).text()
    expect(buttonsOf(html)).toEqual([
      'Approve',
      'Approve as partner',
      'Approve as member',
      'Approve as other org',
      'Approve with access token',
      'Deny',
    ])
  })

  it('names the client id when the client has no name, escaped', async () => {
    const sandbox = sandboxFixture({
      clients: [
        { clientId: '<b>x</b>', clientSecret: 's', redirectUris: ['https://app.example/cb'] },
      ],
    })
    const url = sandbox.authorizeUrl('oauth2', {
      client_id: '<b>x</b>',
      redirect_uri: 'https://app.example/cb',
    })
    const html = await (await sandbox.request(url)).text()
    expect(html).toContain('<h1>Sign in to &lt;b&gt;x&lt;/b&gt; with Rhombus</h1>')
  })

  it('loads no external resource and refuses every one by policy', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(sandbox.authorizeUrl('legacy'))
    const html = await response.text()
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i)
    expect(html).not.toMatch(/(src|href)=/i)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  const invalid: Array<[string, 'oauth2' | 'legacy', Record<string, string | null>, string]> = [
    ['unknown client', 'oauth2', { client_id: 'nobody' }, errors.unknownClient],
    ['missing client_id', 'legacy', { client_id: null }, errors.missingClientId],
    [
      'redirect URI on another port',
      'oauth2',
      { redirect_uri: 'http://localhost:5174/oauth/callback/rhombus' },
      errors.redirectUriNotRegistered,
    ],
    [
      'redirect URI with a trailing slash',
      'legacy',
      { redirect: 'http://localhost:5173/oauth/callback/rhombus/' },
      errors.redirectUriNotRegistered,
    ],
    ['missing redirect_uri', 'oauth2', { redirect_uri: null }, errors.missingRedirectUri],
    [
      'legacy redirect name in oauth2',
      'oauth2',
      { redirect_uri: null, redirect: 'http://localhost:5173/oauth/callback/rhombus' },
      errors.redirectInsteadOfRedirectUri,
    ],
    [
      'oauth2 redirect_uri name in legacy',
      'legacy',
      { redirect: null, redirect_uri: 'http://localhost:5173/oauth/callback/rhombus' },
      errors.redirectUriInsteadOfRedirect,
    ],
    ['missing code_challenge', 'oauth2', { code_challenge: null }, errors.missingCodeChallenge],
    ['missing challenge', 'legacy', { challenge: null }, errors.missingChallenge],
    [
      'oauth2 code_challenge name in legacy',
      'legacy',
      { challenge: null, code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' },
      errors.codeChallengeInsteadOfChallenge,
    ],
    [
      'legacy challenge name in oauth2',
      'oauth2',
      { code_challenge: null, challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' },
      errors.challengeInsteadOfCodeChallenge,
    ],
    [
      'a 42-character challenge',
      'oauth2',
      { code_challenge: 'a'.repeat(42) },
      errors.invalidChallenge,
    ],
    ['a padded challenge', 'legacy', { challenge: `${'a'.repeat(43)}=` }, errors.invalidChallenge],
    [
      'a plain verifier as challenge',
      'legacy',
      { challenge: 'not a challenge' },
      errors.invalidChallenge,
    ],
    ['response_type token', 'oauth2', { response_type: 'token' }, errors.wrongResponseType],
    ['missing response_type', 'oauth2', { response_type: null }, errors.wrongResponseType],
    ['method plain', 'oauth2', { code_challenge_method: 'plain' }, errors.wrongChallengeMethod],
    ['missing method', 'oauth2', { code_challenge_method: null }, errors.wrongChallengeMethod],
    ['missing type', 'legacy', { type: null }, errors.wrongType],
    ['type code', 'legacy', { type: 'code' }, errors.wrongType],
    ['missing state', 'oauth2', { state: null }, errors.missingState],
    ['empty state', 'legacy', { state: '' }, errors.missingState],
  ]

  it.each(invalid)(
    'refuses %s with a 400 page and no redirect',
    async (_, dialect, overrides, text) => {
      const sandbox = sandboxFixture()
      const response = await sandbox.request(sandbox.authorizeUrl(dialect, overrides))
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      const html = await response.text()
      expect(html).toContain('<h1>Sign-in request rejected</h1>')
      expect(html).not.toContain('<form')
      expect(html).toContain(text.replaceAll("'", '&#39;'))
    },
  )

  it('refuses a repeated parameter', async () => {
    const sandbox = sandboxFixture()
    const response = await sandbox.request(`${sandbox.authorizeUrl('oauth2')}&state=again`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(errors.repeatedParameter)
  })
})

describe('console decisions', () => {
  it('Approve (oauth2) redirects with code and state, and no isPartner', async () => {
    const callback = await sandboxFixture().callback('oauth2', 'approve')
    expect(`${callback.origin}${callback.pathname}`).toBe(
      'http://localhost:5173/oauth/callback/rhombus',
    )
    expect([...callback.searchParams.keys()]).toEqual(['code', 'state'])
    expect(callback.searchParams.get('state')).toBe('st4te')
  })

  it('Approve as partner (oauth2) sends no isPartner either', async () => {
    const callback = await sandboxFixture().callback('oauth2', 'approve_partner')
    expect([...callback.searchParams.keys()]).toEqual(['code', 'state'])
  })

  it('Approve (legacy) redirects with code and state only', async () => {
    const callback = await sandboxFixture().callback('legacy', 'approve')
    expect([...callback.searchParams.keys()]).toEqual(['code', 'state'])
  })

  it('Approve as partner (legacy) adds isPartner=true', async () => {
    const callback = await sandboxFixture().callback('legacy', 'approve_partner')
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      code: expect.any(String),
      isPartner: 'true',
      state: 'st4te',
    })
  })

  it.each([
    ['approve', 'standard'],
    ['approve_partner', 'partner'],
    ['approve_member', 'member'],
    ['approve_other', 'other'],
  ] as const)('%s signs in as the %s account', async (decision, account) => {
    const sandbox = sandboxFixture()
    const { access_token } = await sandbox.oauth2Tokens(decision)
    expect(subjectOf(access_token)).toBe(rhombusAccounts[account].user.uuid)
    expect(rhombusApproveDecisions[account]).toBe(decision)
    // completeRhombusAuthorization picks the button by account too.
    const callback = await completeRhombusAuthorization(sandbox.authorizeUrl('legacy'), {
      account,
      fetch: (input, init) => sandbox.request(input, init),
    })
    const { accessToken } = await (
      await sandbox.legacyToken(callback.searchParams.get('code')!)
    ).json()
    expect(subjectOf(accessToken)).toBe(rhombusAccounts[account].user.uuid)
    // Only a partner sign-in says isPartner in the guide's callback.
    expect(callback.searchParams.has('isPartner')).toBe(account === 'partner')
  })

  it('describes every account on the page', async () => {
    const sandbox = sandboxFixture()
    const html = await (await sandbox.request(sandbox.authorizeUrl('oauth2'))).text()
    for (const account of Object.values(rhombusAccounts)) {
      expect(html).toContain(account.user.email)
      expect(html).toContain(account.org.name)
    }
  })

  it('Approve with access token (legacy) sends a working accessToken and no code', async () => {
    const sandbox = sandboxFixture()
    const callback = await sandbox.callback('legacy', 'approve_token')
    expect([...callback.searchParams.keys()]).toEqual(['accessToken', 'state'])
    const users = await sandbox.getUsersInOrg(callback.searchParams.get('accessToken')!)
    expect(users.status).toBe(200)
  })

  it.each(['oauth2', 'legacy'] as const)(
    'Deny (%s) redirects with access_denied and state',
    async (dialect) => {
      const callback = await sandboxFixture().callback(dialect, 'deny')
      expect(Object.fromEntries(callback.searchParams)).toEqual({
        error: 'access_denied',
        error_description: 'The user denied the authorization request.',
        state: 'st4te',
      })
    },
  )

  it('keeps a query the registered redirect URI already has', async () => {
    const sandbox = sandboxFixture({
      clients: [
        {
          clientId: 'sandbox-client',
          clientSecret: 's',
          redirectUris: ['https://app.example/cb?x=1'],
        },
      ],
    })
    const callback = await sandbox.callback('oauth2', 'approve', {
      redirect_uri: 'https://app.example/cb?x=1',
    })
    expect([...callback.searchParams.keys()]).toEqual(['x', 'code', 'state'])
  })

  it('takes each decision once', async () => {
    const sandbox = sandboxFixture()
    const html = await (await sandbox.request(sandbox.authorizeUrl('oauth2'))).text()
    const id = /name="request" value="([^"]+)"/.exec(html)![1]!
    const decide = () =>
      sandbox.request('/rhombus/console/decision', {
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

  it('refuses the access-token decision on an oauth2 request', async () => {
    await expect(sandboxFixture().callback('oauth2', 'approve_token')).rejects.toThrow(
      errors.invalidDecision,
    )
  })

  it('refuses an unknown request id', async () => {
    const response = await sandboxFixture().request('/rhombus/console/decision', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'request=req_forged&decision=approve',
    })
    expect(response.status).toBe(400)
  })
})
