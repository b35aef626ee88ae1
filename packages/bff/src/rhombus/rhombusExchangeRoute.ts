import type { RhombusProtocol, SessionSummary } from '@doorway/core'
import type { RhombusExchangeRequest } from '@doorway/core/wire'
import type { Handler } from 'hono'
import { decodeJwt } from 'jose'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import type { CallUpstream, UpstreamResponse } from '../http/callUpstream.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { codeVerifierSyntax, isCodeVerifier } from '../oauth/tokenRequests.js'
import { type RhombusOrg, type Session, summarizeSession } from '../session/Session.js'
import {
  orgOf,
  parsePartnerClients,
  processRhombusApiResponse,
  type RhombusTokenScheme,
  requireRhombus,
  rhombusUserRequest,
} from './rhombusApi.js'
import { exchangeRhombusCode, type RhombusCodeGrant } from './rhombusTokenEndpoint.js'

/**
 * `POST /auth/rhombus/exchange`: checks the redirect URI before any upstream call, exchanges
 * the code (or, legacy, takes a pre-exchanged token), confirms the token and learns the
 * account with Rhombus (`getOrgV2`, then `getClientsV2` for a partner: see
 * {@link confirmRhombusAccount}), and only then stores a session and sets its cookie.
 * Nothing the browser says is believed: a pre-exchanged token Rhombus refuses gives no
 * session, and partner status is Rhombus's answer, whatever `isPartner` the callback
 * carried. With `supportsPartners: false` a partner sign-in is 403 `partner_not_supported`,
 * in both dialects. Nothing is stored unless all of it succeeds.
 *
 * The session's user id comes from the access token when it is a JWT the BFF got from the
 * token endpoint itself (see {@link rhombusUserIdentity}); a pre-exchanged token came
 * through the browser, so its session's id is random.
 */
export function rhombusExchangeRoute({
  config,
  sessions,
  callUpstream,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const rhombus = requireRhombus(config.rhombus)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseRhombusExchangeRequest(value, rhombus.protocol)
    if (request.redirectUri !== rhombus.redirectUri) {
      throw new BffError(
        'redirect_uri_mismatch',
        `redirectUri "${request.redirectUri}" is not the configured redirect URI "${rhombus.redirectUri}".`,
      )
    }
    // Said by the browser, so only a hint; refused early when it cannot end in a session.
    if (request.isPartner) refusePartner(rhombus.supportsPartners)
    const tokens =
      request.kind === 'token'
        ? { accessToken: request.accessToken }
        : await exchangeRhombusCode(rhombus, request, callUpstream)
    const account = await confirmRhombusAccount(rhombus.apiUrl, tokens.accessToken, callUpstream)
    if (account.isPartner) refusePartner(rhombus.supportsPartners)
    const session = await sessions.start(c, {
      // A token the browser handed over (legacy pre-exchanged) is not vouched for by Rhombus's
      // token endpoint: its claims could name anyone, so its session gets a random user id.
      ...(request.kind === 'token'
        ? { userId: crypto.randomUUID(), userIdFrom: 'random' as const }
        : rhombusUserIdentity(tokens.accessToken)),
      ...account,
      ...tokens,
    })
    return c.json(summarizeSession(session) satisfies SessionSummary)
  }
}

/** 403 `partner_not_supported` unless partner accounts may sign in. */
function refusePartner(supportsPartners: boolean): void {
  if (supportsPartners) return
  throw new BffError(
    'partner_not_supported',
    'This Rhombus account is a partner (MSP or reseller) account, and this app is configured without partner support (RHOMBUS_PARTNERS=false).',
  )
}

/** A checked exchange request: a code to exchange, or (legacy) a token that needs none. */
export type ParsedRhombusExchange =
  | ({ kind: 'code'; isPartner: boolean } & RhombusCodeGrant)
  | { kind: 'token'; accessToken: string; redirectUri: string; isPartner: boolean }

/** The longest pre-exchanged `accessToken` taken (bounded work for what the browser sends). */
const maxAccessTokenLength = 2048

/** What an access token is made of: visible ASCII (RFC 6750's `b64token` is a subset). */
const accessTokenSyntax = /^[\x21-\x7E]+$/

/** Checks `body` against {@link RhombusExchangeRequest}; 400 `bad_request` naming the field otherwise. */
export function parseRhombusExchangeRequest(
  body: unknown,
  protocol: RhombusProtocol,
): ParsedRhombusExchange {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BffError('bad_request', 'The body must be a JSON object.')
  }
  const fields = body as Record<string, unknown>
  const optionalString = (name: keyof RhombusExchangeRequest): string | undefined => {
    const value = fields[name]
    if (value === undefined) return undefined
    if (typeof value !== 'string' || value === '') {
      throw new BffError('bad_request', `"${name}" must be a non-empty string.`)
    }
    return value
  }
  const required = (name: keyof RhombusExchangeRequest, why: string): string => {
    const value = optionalString(name)
    if (value === undefined) throw new BffError('bad_request', `"${name}" is required${why}.`)
    return value
  }

  const redirectUri = required('redirectUri', '')
  if (fields.isPartner !== undefined && typeof fields.isPartner !== 'boolean') {
    throw new BffError('bad_request', '"isPartner" must be a boolean.')
  }
  const isPartner = fields.isPartner === true
  const accessToken = optionalString('accessToken')
  if (accessToken !== undefined) {
    if (protocol !== 'legacy') {
      throw new BffError(
        'bad_request',
        '"accessToken" is accepted only with RHOMBUS_PROTOCOL=legacy.',
      )
    }
    if (accessToken.length > maxAccessTokenLength) {
      throw new BffError(
        'bad_request',
        `"accessToken" is longer than ${maxAccessTokenLength} characters: it cannot be a Rhombus access token.`,
      )
    }
    // It is confirmed with Rhombus in a header (x-auth-access-token), where only visible
    // ASCII can go: anything else cannot be an access token, and would fail as the request.
    if (!accessTokenSyntax.test(accessToken)) {
      throw new BffError(
        'bad_request',
        '"accessToken" must be visible ASCII characters (no spaces or control characters): it cannot be a Rhombus access token.',
      )
    }
    return { kind: 'token', accessToken, redirectUri, isPartner }
  }
  const code = required('code', ' (unless "accessToken" is given)')
  const codeVerifier = required('codeVerifier', ' with "code"')
  if (!isCodeVerifier(codeVerifier)) throw new BffError('bad_request', codeVerifierSyntax)
  return { kind: 'code', code, codeVerifier, redirectUri, isPartner }
}

/** What Rhombus says about the account behind an access token. */
export interface RhombusAccount {
  isPartner: boolean
  /** The account's own organisation; `null` when Rhombus did not name it. */
  org: RhombusOrg | null
}

const refusedToken = (status: number) =>
  new BffError('invalid_grant', `Rhombus does not accept this access token (HTTP ${status}).`, {
    status: 401,
    hint: 'Sign in again; a token that did not come from Rhombus never makes a session.',
  })

/**
 * Confirms an access token with Rhombus and learns its account, as Rhombus's CLI does:
 * `POST {apiUrl}/api/org/getOrgV2` `{}` with `x-auth-scheme: api-oauth-token`; 200 is a
 * standard account (and its org); 403 is a partner, confirmed by
 * `POST /api/partner/getClientsV2` with `partner-api-oauth-token`, whose answer must carry the
 * documented `clients: [{clientOrgUuid, ...}]` (and its own org read from
 * `getOrgV2` with that scheme, when Rhombus answers it). Nothing is minted and nothing the
 * browser said is believed.
 *
 * @throws {BffError} `invalid_grant` (401) when Rhombus refuses the token (a made-up or
 * revoked one gives no session), or when neither scheme accepts it; `upstream_unavailable`
 * / `timeout` / `invalid_response` when Rhombus cannot say.
 */
export async function confirmRhombusAccount(
  apiUrl: string,
  accessToken: string,
  call: CallUpstream,
): Promise<RhombusAccount> {
  const ask = (path: string, scheme: RhombusTokenScheme) =>
    call(rhombusUserRequest(apiUrl, path, accessToken, scheme))
  const answer = (response: UpstreamResponse, action: string) =>
    processRhombusApiResponse(response, action, {
      detail: `Rhombus refused ${action}`,
      hint: 'Sign in again.',
    })

  const standard = await ask('org/getOrgV2', 'api-oauth-token')
  if (standard.status === 401) throw refusedToken(401)
  if (standard.status !== 403) {
    return { isPartner: false, org: orgOf(answer(standard, 'getOrgV2')) }
  }
  const clients = await ask('partner/getClientsV2', 'partner-api-oauth-token')
  if (clients.status === 401 || clients.status === 403) throw refusedToken(clients.status)
  parsePartnerClients(answer(clients, 'getClientsV2'))
  const own = await ask('org/getOrgV2', 'partner-api-oauth-token')
  const org = own.status >= 200 && own.status < 300 ? orgOf(answer(own, 'getOrgV2')) : null
  return { isPartner: true, org }
}

const identityClaims = ['sub', 'userUuid', 'user_uuid'] as const

/**
 * Who signed in, for keying stored credentials: when the Rhombus access token is a JWT,
 * its `sub` (or `userUuid` / `user_uuid`) claim, read without verification (the token came
 * straight from the token endpoint over TLS, not from the browser); otherwise a random id,
 * which lasts as long as the session.
 */
export function rhombusUserIdentity(accessToken: string): Pick<Session, 'userId' | 'userIdFrom'> {
  try {
    const payload = decodeJwt(accessToken)
    for (const claim of identityClaims) {
      const value = payload[claim]
      if (typeof value === 'string' && value !== '') return { userId: value, userIdFrom: 'token' }
    }
  } catch {
    // Not a JWT: an opaque token carries no identity.
  }
  return { userId: crypto.randomUUID(), userIdFrom: 'random' }
}
