import type { RhombusExchangeRequest, RhombusProtocol } from '@doorway/core'
import { BffError } from '../http/BffError.js'
import { codeVerifierSyntax, isCodeVerifier } from '../oauth/isCodeVerifier.js'
import type { RhombusCodeGrant } from './rhombusTokenEndpoint.js'

/** A checked exchange request: a code to redeem, or (legacy) a token that needs none. */
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
