import { Hono } from 'hono'
import { escapeHtml, htmlPage } from '../htmlPage.js'
import { isS256Challenge } from '../pkce.js'
import { unregisteredRedirectUriHelp } from '../redirectUriHelp.js'
import { requestOrigin } from '../requestOrigin.js'
import type { PendingAuthorization, RhombusDialect, RhombusState } from './createRhombusState.js'
import { type RhombusAccount, type RhombusAccountId, rhombusAccounts } from './rhombusAccounts.js'
import { rhombusConsoleErrors as errors } from './rhombusErrorTexts.js'

/**
 * The buttons of the console page: sign in as one of the accounts
 * ({@link rhombusApproveDecisions}), as the standard account with an access token in the
 * callback instead of a code (legacy only), or decline.
 */
export type RhombusDecision =
  | 'approve'
  | 'approve_partner'
  | 'approve_member'
  | 'approve_other'
  | 'approve_token'
  | 'deny'

/** The console button that signs in as each account (`approve` is the standard one). */
export const rhombusApproveDecisions = {
  standard: 'approve',
  partner: 'approve_partner',
  member: 'approve_member',
  other: 'approve_other',
} as const satisfies Record<RhombusAccountId, RhombusDecision>

interface Button {
  decision: RhombusDecision
  label: string
  /** Who signs in; none for `deny`. */
  account?: RhombusAccountId
  legacyOnly?: true
}

const buttons: readonly Button[] = [
  { decision: 'approve', label: 'Approve', account: 'standard' },
  { decision: 'approve_partner', label: 'Approve as partner', account: 'partner' },
  { decision: 'approve_member', label: 'Approve as member', account: 'member' },
  { decision: 'approve_other', label: 'Approve as other org', account: 'other' },
  {
    decision: 'approve_token',
    label: 'Approve with access token',
    account: 'standard',
    legacyOnly: true,
  },
  { decision: 'deny', label: 'Deny' },
]

/** The parameter names of each dialect's authorize request, which differ on purpose. */
const parameterNames = {
  oauth2: { redirect: 'redirect_uri', challenge: 'code_challenge' },
  legacy: { redirect: 'redirect', challenge: 'challenge' },
} as const

/** The error page's text for a parameter the other dialect names, else for a plain miss. */
const missing = {
  oauth2: {
    redirect: ['redirect', errors.redirectInsteadOfRedirectUri, errors.missingRedirectUri],
    challenge: ['challenge', errors.challengeInsteadOfCodeChallenge, errors.missingCodeChallenge],
  },
  legacy: {
    redirect: ['redirect_uri', errors.redirectUriInsteadOfRedirect, errors.missingRedirect],
    challenge: ['code_challenge', errors.codeChallengeInsteadOfChallenge, errors.missingChallenge],
  },
} as const

/**
 * The console host: `GET /oauth/authorize` (oauth2), `GET /login` (legacy) and the
 * `POST /decision` their page submits. An invalid request gets an error page with status
 * 400 and never a redirect, since a redirect to an unchecked URI is an open redirector
 * (RFC 6749 §4.1.2.1).
 */
export function rhombusConsoleRoutes(state: RhombusState): Hono {
  return new Hono()
    .get('/oauth/authorize', (c) => authorize(state, 'oauth2', c.req.raw))
    .get('/login', (c) => authorize(state, 'legacy', c.req.raw))
    .post('/decision', async (c) => decide(state, new URLSearchParams(await c.req.text())))
}

function authorize(state: RhombusState, dialect: RhombusDialect, raw: Request): Response {
  const query = new URL(raw.url).searchParams
  const request = validate(state, dialect, query)
  if (request === errors.redirectUriNotRegistered) {
    const client = state.findClient(query.get('client_id') ?? '')
    const help = unregisteredRedirectUriHelp({
      provider: 'rhombus',
      clientId: client?.clientId ?? '',
      sent: query.get(parameterNames[dialect].redirect) ?? '',
      registered: client?.redirectUris ?? [],
      sandboxOrigin: requestOrigin(raw),
    })
    return errorPage(dialect, request, help)
  }
  if (typeof request === 'string') return errorPage(dialect, request)
  return consentPage(state.openAuthorization(request))
}

function validate(
  state: RhombusState,
  dialect: RhombusDialect,
  query: URLSearchParams,
): Omit<PendingAuthorization, 'id'> | string {
  for (const name of new Set(query.keys())) {
    if (query.getAll(name).length > 1) return errors.repeatedParameter
  }
  const names = parameterNames[dialect]
  const param = (name: string) => query.get(name) ?? ''
  const missingText = (which: 'redirect' | 'challenge') => {
    const [otherName, otherText, plainText] = missing[dialect][which]
    return query.has(otherName) ? otherText : plainText
  }

  if (dialect === 'legacy' && param('type') !== 'oauth') return errors.wrongType
  const clientId = param('client_id')
  if (clientId === '') return errors.missingClientId
  const client = state.findClient(clientId)
  if (client === undefined) return errors.unknownClient
  const redirectUri = param(names.redirect)
  if (redirectUri === '') return missingText('redirect')
  if (!client.redirectUris.includes(redirectUri)) return errors.redirectUriNotRegistered
  if (dialect === 'oauth2' && param('response_type') !== 'code') return errors.wrongResponseType
  const clientState = param('state')
  if (clientState === '') return errors.missingState
  const codeChallenge = param(names.challenge)
  if (codeChallenge === '') return missingText('challenge')
  if (!isS256Challenge(codeChallenge)) return errors.invalidChallenge
  if (dialect === 'oauth2' && param('code_challenge_method') !== 'S256') {
    return errors.wrongChallengeMethod
  }
  return { dialect, client, redirectUri, state: clientState, codeChallenge }
}

function decide(state: RhombusState, form: URLSearchParams): Response {
  const id = form.get('request')
  const authorization = id === null ? undefined : state.takeAuthorization(id)
  if (authorization === undefined) return errorPage(undefined, errors.unknownRequest)
  const { dialect } = authorization
  const decision = form.get('decision')
  const button = buttons.find((b) => b.decision === decision)
  if (button === undefined || (button.legacyOnly && dialect !== 'legacy')) {
    return errorPage(dialect, errors.invalidDecision)
  }

  const callback = new URL(authorization.redirectUri)
  const add = (name: string, value: string) => callback.searchParams.append(name, value)
  const { account } = button
  if (account === undefined) {
    add('error', 'access_denied')
    add('error_description', 'The user denied the authorization request.')
  } else if (button.decision === 'approve_token') {
    add(
      'accessToken',
      state.issueTokens(authorization.client.clientId, account, 'legacy').accessToken,
    )
  } else {
    add('code', state.issueCode(authorization, account))
    // Only the guide's flow says who signed in; the oauth2 CLI learns it from the API.
    if (dialect === 'legacy' && rhombusAccounts[account].partner) add('isPartner', 'true')
  }
  add('state', authorization.state)
  return new Response(null, {
    status: 302,
    headers: { location: callback.href, 'cache-control': 'no-store' },
  })
}

function consentPage(authorization: PendingAuthorization): Response {
  const { dialect, client } = authorization
  const app = escapeHtml(client.name ?? client.clientId)
  const { standard, partner, member, other } = rhombusAccounts
  const who = (account: RhombusAccount) =>
    `${escapeHtml(account.user.name)} (${escapeHtml(account.user.email)})`
  const offered = buttons.filter((b) => !b.legacyOnly || dialect === 'legacy')
  // Relative, so the form works wherever the sandbox app is mounted:
  // /…/oauth/authorize and /…/login both resolve it to /…/decision.
  const action = dialect === 'oauth2' ? '../decision' : 'decision'
  return htmlPage(
    `Sign in to ${client.name ?? client.clientId} with Rhombus`,
    `<p class="badge">Rhombus sandbox · ${dialect} dialect</p>
<h1>Sign in to ${app} with Rhombus</h1>
<p><strong>${app}</strong> (client id <code>${escapeHtml(client.clientId)}</code>) asks to sign you in with your Rhombus account and to call the Rhombus API on your behalf.</p>
<ul>
<li>Approve: sign in as ${who(standard)}, super admin of ${escapeHtml(standard.org.name)}.</li>
<li>Approve as partner: sign in as ${who(partner)}, a partner account of ${escapeHtml(partner.org.name)}.</li>
<li>Approve as member: sign in as ${who(member)}, a user of ${escapeHtml(member.org.name)} who is not a super admin.</li>
<li>Approve as other org: sign in as ${who(other)}, super admin of ${escapeHtml(other.org.name)}.</li>
${dialect === 'legacy' ? `<li>Approve with access token: as Approve, but the callback carries an access token instead of a code.</li>\n` : ''}</ul>
<form method="post" action="${action}">
<input type="hidden" name="request" value="${escapeHtml(authorization.id)}">
<div class="actions">
${offered.map((b) => `<button type="submit" name="decision" value="${b.decision}">${b.label}</button>`).join('\n')}
</div>
</form>
<p>You will return to <code>${escapeHtml(authorization.redirectUri)}</code>.</p>`,
  )
}

function errorPage(dialect: RhombusDialect | undefined, message: string, help = ''): Response {
  return htmlPage(
    'Sign-in request rejected',
    `<p class="badge">Rhombus sandbox${dialect === undefined ? '' : ` · ${dialect} dialect`}</p>
<h1>Sign-in request rejected</h1>
<p class="error">${escapeHtml(message)}</p>${help}`,
    400,
  )
}
