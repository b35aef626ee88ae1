import { createSandboxApp } from '../createSandboxApp.js'
import { createSandboxState, type SandboxOptions } from '../createSandboxState.js'
import { completeRhombusAuthorization } from '../rhombus/completeRhombusAuthorization.js'
import type { RhombusDialect } from '../rhombus/createRhombusState.js'
import type { RhombusDecision } from '../rhombus/rhombusConsoleRoutes.js'

/** RFC 7636 Appendix B. */
export const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
export const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
export const otherVerifier = 'x'.repeat(43)

export const origin = 'http://sandbox.test'
export const redirectUri = 'http://localhost:5173/oauth/callback/rhombus'
export const clientId = 'sandbox-client'
export const clientSecret = 'sandbox-secret'

/** A sandbox app with a hand-driven clock, requests by path or URL. */
export function sandboxFixture(options: SandboxOptions = {}) {
  let time = Date.UTC(2026, 0, 1)
  const state = createSandboxState({ now: () => time, ...options })
  const app = createSandboxApp({}, state)
  const request = async (input: string, init?: RequestInit) =>
    app.request(input.startsWith('http') ? input : origin + input, init)

  return {
    app,
    state,
    request,
    advance(ms: number) {
      time += ms
    },

    /** Authorize URL of a dialect, with `overrides` replacing (or, as `null`, removing) params. */
    authorizeUrl(dialect: RhombusDialect, overrides: Record<string, string | null> = {}) {
      const params: Record<string, string | null> =
        dialect === 'oauth2'
          ? {
              client_id: clientId,
              redirect_uri: redirectUri,
              response_type: 'code',
              state: 'st4te',
              code_challenge: challenge,
              code_challenge_method: 'S256',
            }
          : { type: 'oauth', client_id: clientId, redirect: redirectUri, state: 'st4te', challenge }
      Object.assign(params, overrides)
      const query = new URLSearchParams()
      for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value)
      const path =
        dialect === 'oauth2' ? '/rhombus/console/oauth/authorize' : '/rhombus/console/login'
      return `${origin}${path}?${query}`
    },

    /** Presses a console button and returns the callback URL. */
    async callback(
      dialect: RhombusDialect,
      decision: RhombusDecision = 'approve',
      overrides: Record<string, string | null> = {},
    ) {
      return completeRhombusAuthorization(this.authorizeUrl(dialect, overrides), {
        decision,
        fetch: (input, init) => request(input, init),
      })
    },

    /** A fresh code of a dialect. */
    async code(dialect: RhombusDialect, decision: RhombusDecision = 'approve') {
      const code = (await this.callback(dialect, decision)).searchParams.get('code')
      if (code === null) throw new Error('no code in the callback')
      return code
    },

    /** POSTs a form to the oauth2 token endpoint. */
    oauth2Token(form: Record<string, string>, headers: Record<string, string> = {}) {
      return request('/rhombus/auth-web/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      })
    },

    /** POSTs the guide's JSON body (with `overrides`) to the legacy token endpoint. */
    legacyToken(
      code: string,
      overrides: Record<string, unknown> = {},
      headers: Record<string, string> = { 'x-auth-scheme': 'web2' },
    ) {
      return request('/rhombus/auth/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          grantType: 'AUTHORIZATION_CODE',
          authorizationCode: code,
          clientId,
          clientSecret,
          redirectUri,
          codeVerifier: verifier,
          codeChallengeType: 'S256',
          ...overrides,
        }),
      })
    },

    /** Calls getUsersInOrg with an access token and scheme. */
    getUsersInOrg(token: string, scheme = 'api-oauth-token', extra: RequestInit = {}) {
      return request('/rhombus/api/api/user/getUsersInOrg', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-auth-scheme': scheme,
          'x-auth-access-token': token,
        },
        body: '{}',
        ...extra,
      })
    },
  }
}

/** The HTTP Basic header of RFC 6749 §2.3.1 (each part form-urlencoded first). */
export function basic(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`
}
