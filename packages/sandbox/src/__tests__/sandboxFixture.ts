import { createSandboxApp } from '../createSandboxApp.js'
import { createSandboxState, type SandboxOptions } from '../createSandboxState.js'
import { completeEnvoyAuthorization } from '../envoy/completeEnvoyAuthorization.js'
import type { EnvoyDecision } from '../envoy/envoyAuthorizeRoutes.js'
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

export const envoyRedirectUri = 'http://localhost:5173/oauth/callback/envoy'
export const envoyClientId = 'envoy-sandbox-client'
export const envoyClientSecret = 'envoy-sandbox-secret'
export const rhombusApiKey = 'sandbox-api-key'
export const versoriToken = 'sandbox-versori-token'

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

    /**
     * Signs in through the oauth2 dialect as the account of `decision` with the default
     * client (HTTP Basic) and returns the token response.
     */
    async oauth2Tokens(decision: RhombusDecision = 'approve'): Promise<OAuth2Tokens> {
      const response = await this.oauth2Token(
        {
          grant_type: 'authorization_code',
          code: await this.code('oauth2', decision),
          redirect_uri: redirectUri,
          code_verifier: verifier,
        },
        { authorization: basic(clientId, clientSecret) },
      )
      if (response.status !== 200) throw new Error(`oauth2 token request: ${response.status}`)
      return response.json()
    },

    /** A refresh at the oauth2 token endpoint; the default client authenticates with Basic. */
    oauth2Refresh(
      refreshToken: string,
      extra: Record<string, string> = {},
      headers: Record<string, string> = { authorization: basic(clientId, clientSecret) },
    ) {
      return this.oauth2Token(
        { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra },
        headers,
      )
    },

    /** POSTs `body` (default `{}`) as JSON to a Rhombus API path with `headers`. */
    rhombusApi(path: string, headers: Record<string, string>, body = '{}') {
      return request(`/rhombus/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
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

    /**
     * Envoy authorize URL: the guide's parameters form-encoded (spaces as `+`), with
     * `overrides` replacing (or, as `null`, removing) params.
     */
    envoyAuthorizeUrl(overrides: Record<string, string | null> = {}) {
      const params: Record<string, string | null> = {
        response_type: 'code',
        client_id: envoyClientId,
        redirect_uri: envoyRedirectUri,
        scope: 'locations.read token.refresh',
        state: 'envoy-st4te',
        ...overrides,
      }
      const query = new URLSearchParams()
      for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value)
      return `${origin}/envoy/app/a/auth/v0/authorize?${query}`
    },

    /** Presses a button on Envoy's prompt and returns the URL it redirects to. */
    async envoyCallback(
      decision: EnvoyDecision = 'approve',
      overrides: Record<string, string | null> = {},
    ) {
      return completeEnvoyAuthorization(this.envoyAuthorizeUrl(overrides), {
        decision,
        fetch: (input, init) => request(input, init),
      })
    },

    /** A fresh Envoy code. */
    async envoyCode(overrides: Record<string, string | null> = {}) {
      const code = (await this.envoyCallback('approve', overrides)).searchParams.get('code')
      if (code === null) throw new Error('no code in the Envoy callback')
      return code
    },

    /** POSTs a JSON body (a string is sent as is) to Envoy's token endpoint. */
    envoyToken(body: Record<string, unknown> | string, headers: Record<string, string> = {}) {
      return request('/envoy/app/a/auth/v0/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
    },

    /** Exchanges a fresh code with the default Envoy app and returns the token response. */
    async envoyTokens(overrides: Record<string, string | null> = {}) {
      const response = await this.envoyToken({
        grant_type: 'authorization_code',
        code: await this.envoyCode(overrides),
        client_id: envoyClientId,
        client_secret: envoyClientSecret,
      })
      if (response.status !== 200) throw new Error(`Envoy token request: ${response.status}`)
      return response.json()
    },

    /** Refreshes with the default Envoy app. */
    envoyRefresh(refreshToken: string) {
      return this.envoyToken({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: envoyClientId,
        client_secret: envoyClientSecret,
      })
    },

    /** `GET /v1/locations` with an `Authorization` header value (none when `null`). */
    envoyLocations(authorization: string | null) {
      return request('/envoy/api/v1/locations', {
        headers: authorization === null ? {} : { authorization },
      })
    },

    /** POSTs JSON to a Rhombus serviceManagement route with API-key headers. */
    rhombusIntegration(
      name: 'initiateEnvoyOAuth' | 'getEnvoyIntegration' | 'deleteEnvoyIntegrationV2',
      body: unknown,
      headers: Record<string, string> = {
        'x-auth-scheme': 'api-token',
        'x-auth-apikey': rhombusApiKey,
      },
    ) {
      return request(`/rhombus/api/api/integrations/serviceManagement/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })
    },

    /** Calls the Versori platform with the sandbox bearer token and a JSON body. */
    versori(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = { authorization: `Bearer ${versoriToken}` },
    ) {
      return request(`/versori/platform${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
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

/** An oauth2 token response (RFC 6749 §5.1) as the sandbox sends it. */
export interface OAuth2Tokens {
  access_token: string
  refresh_token: string
  token_type: 'Bearer'
  expires_in: number
  scope: string
}

/** The headers of an API call with an OAuth access token. */
export function tokenHeaders(token: string, scheme = 'api-oauth-token'): Record<string, string> {
  return { 'x-auth-scheme': scheme, 'x-auth-access-token': token }
}

/** The `sub` of a sandbox access token (an unsigned JWT). */
export function subjectOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub
}

/** The HTTP Basic header of RFC 6749 §2.3.1 (each part form-urlencoded first). */
export function basic(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2)
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`
}
