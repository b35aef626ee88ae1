import { randomBytes } from 'node:crypto'
import {
  BffError,
  type CredentialStore,
  type DoorwayBff,
  genericOAuthProvider,
  validateIssuer,
} from '@doorway/bff'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOidcBff, oidcProviderConfig, rhombusSignInBody } from '../support/oidcBff.js'
import {
  authorizeAtOidcProvider,
  pkcePair,
  type RunningOidcProvider,
  startOidcProvider,
} from '../support/oidcProvider.js'

/**
 * The BFF's OAuth provider path against a real, independent authorization server
 * (panva's oidc-provider): real codes from its login and consent pages, exchanged by the
 * BFF at its real token endpoint (form-encoded, client_secret_basic, PKCE S256).
 */

const appOrigin = 'http://localhost:5173'
const sessionSecret = 'integration-session-secret-0123456789abcdef'
const rhombusRedirectUri = `${appOrigin}/oauth/callback/rhombus`

let provider: RunningOidcProvider
beforeAll(async () => {
  provider = await startOidcProvider({ codeTtlSeconds: 10 })
})
afterAll(async () => {
  await provider?.close()
})

interface Bff {
  app: DoorwayBff
  store: CredentialStore
  /** Every log line the BFF wrote, as JSON. */
  logs: string[]
  cookie: string
}

/** A BFF with the oidc provider, a memory store, and a signed-in session for `userId`. */
async function startBff(userId = 'user-oidc-1'): Promise<Bff> {
  const { bff: app, store, logs } = createOidcBff({ provider, sessionSecret, rhombusRedirectUri })
  return { app, store, logs, cookie: await signIn(app, userId) }
}

/** Signs `userId` in at `app`; the session cookie pair. */
async function signIn(app: DoorwayBff, userId: string): Promise<string> {
  const response = await app.request(
    bffPost('/bff/auth/rhombus/exchange', rhombusSignInBody(userId, rhombusRedirectUri)),
  )
  expect(response.status).toBe(200)
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? ''
  expect(cookie).toMatch(/^doorway_session=/)
  return cookie
}

function bffPost(path: string, body: unknown, cookie?: string): Request {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-doorway-csrf': '1',
    origin: appOrigin,
  }
  if (cookie) headers.cookie = cookie
  return new Request(`${appOrigin}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
}

function bffGet(path: string, cookie: string): Request {
  return new Request(`${appOrigin}${path}`, {
    headers: { 'x-doorway-csrf': '1', origin: appOrigin, cookie },
  })
}

/** A real authorization at the provider: a fresh PKCE pair and state, and the callback URL. */
async function authorize() {
  const pkce = pkcePair()
  const state = randomBytes(16).toString('base64url')
  const callback = await authorizeAtOidcProvider(provider, { state, codeChallenge: pkce.challenge })
  expect(callback.searchParams.get('state')).toBe(state)
  const code = callback.searchParams.get('code')
  expect(code).toBeTruthy()
  return { ...pkce, state, callback, code: code as string }
}

/**
 * Exchanges at the BFF as the browser does: the attempt's state (the one given, else a fresh
 * one) is first bound to the session (`POST /auth/oidc/state`), then sent with the code.
 */
async function exchange(bff: Bff, body: Record<string, unknown>) {
  const state = typeof body.state === 'string' ? body.state : randomBytes(16).toString('base64url')
  const bound = await bff.app.request(bffPost('/bff/auth/oidc/state', { state }, bff.cookie))
  expect(bound.status).toBe(204)
  return bff.app.request(
    bffPost(
      '/bff/auth/oidc/exchange',
      { redirectUri: provider.client.redirectUri, ...body, state },
      bff.cookie,
    ),
  )
}

describe('OAuth provider against a real oidc-provider (form + client_secret_basic + PKCE)', () => {
  it('GET /config gives the browser what it needs: authorize URL, issuer, pkce, never the secret', async () => {
    const { app } = await startBff()
    const response = await app.request(
      new Request(`${appOrigin}/bff/config`, { headers: { origin: appOrigin } }),
    )
    const text = await response.text()
    expect(JSON.parse(text).providers.oidc).toEqual({
      clientId: provider.client.clientId,
      authorizeUrl: provider.metadata.authorization_endpoint,
      scope: 'openid',
      redirectUri: provider.client.redirectUri,
      issuer: provider.issuer,
      pkce: true,
    })
    expect(text).not.toContain(provider.client.clientSecret)
    expect(text).not.toContain(provider.metadata.token_endpoint)
  })

  it('a real code is exchanged once and the connection stored; 22. no token, code, verifier or secret in the answer or the logs', async () => {
    const bff = await startBff()
    const { code, verifier, state } = await authorize()
    const before = provider.tokenRequests.length
    const response = await exchange(bff, { code, codeVerifier: verifier, state })
    const text = await response.text()
    expect(response.status, text).toBe(200)
    expect(JSON.parse(text)).toEqual({
      status: 'connected',
      via: 'direct',
      scopes: ['openid'],
      expiresAt: expect.any(Number),
    })
    expect(provider.tokenRequests.slice(before)).toEqual([
      {
        authorization: expect.stringMatching(/^Basic /),
        contentType: 'application/x-www-form-urlencoded',
      },
    ])

    const stored = await bff.store.getConnection({ userId: 'user-oidc-1', provider: 'oidc' })
    expect(stored?.status).toBe('connected')
    const accessToken = stored?.status === 'connected' ? stored.accessToken : ''
    expect(text).not.toContain(accessToken)
    // The stored token is a real one: the provider's userinfo endpoint accepts it.
    const userinfo = await fetch(`${provider.issuer}/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(await userinfo.json()).toEqual({ sub: 'alice' })

    const status = await bff.app.request(bffGet('/bff/connections/oidc', bff.cookie))
    expect(await status.json()).toEqual(JSON.parse(text))
    const logged = bff.logs.join('\n')
    for (const secret of [provider.client.clientSecret, code, verifier, accessToken]) {
      expect(logged).not.toContain(secret)
    }
    expect(provider.serverErrors).toEqual([])
  })

  it('18. a code exchanged a second time is invalid_grant: one request, not retried, nothing changed', async () => {
    const bff = await startBff()
    const { code, verifier } = await authorize()
    expect((await exchange(bff, { code, codeVerifier: verifier })).status).toBe(200)
    const first = await bff.store.getConnection({ userId: 'user-oidc-1', provider: 'oidc' })

    const before = provider.tokenRequests.length
    const replay = await exchange(bff, { code, codeVerifier: verifier })
    expect(replay.status).toBe(400)
    expect(replay.headers.get('content-type')).toBe('application/problem+json')
    expect(await replay.json()).toMatchObject({
      code: 'invalid_grant',
      error: 'invalid_grant',
      error_description: expect.any(String),
    })
    expect(provider.tokenRequests.length - before).toBe(1)
    expect(await bff.store.getConnection({ userId: 'user-oidc-1', provider: 'oidc' })).toEqual(
      first,
    )
  })

  it('18. a wrong code_verifier is invalid_grant at the provider, and nothing is stored', async () => {
    const bff = await startBff()
    const { code } = await authorize()
    const other = pkcePair().verifier
    const before = provider.tokenRequests.length
    const response = await exchange(bff, { code, codeVerifier: other })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'invalid_grant', error: 'invalid_grant' })
    expect(provider.tokenRequests.length - before).toBe(1)
    expect(
      await bff.store.getConnection({ userId: 'user-oidc-1', provider: 'oidc' }),
    ).toBeUndefined()
  })

  it('23. a verifier outside RFC 7636 syntax, or a foreign redirect URI, is refused before any call to the provider', async () => {
    const bff = await startBff()
    const { code, verifier } = await authorize()
    const before = provider.tokenRequests.length
    for (const body of [
      { code },
      { code, codeVerifier: 'too-short' },
      { code, codeVerifier: `${verifier.slice(0, 42)}/` },
      { code, codeVerifier: verifier, redirectUri: `${provider.client.redirectUri}/` },
    ]) {
      const response = await exchange(bff, body)
      expect(response.status).toBe(400)
      expect(['bad_request', 'redirect_uri_mismatch']).toContain((await response.json()).code)
    }
    expect(provider.tokenRequests.length).toBe(before)
    // The code was never spent: it still exchanges.
    expect((await exchange(bff, { code, codeVerifier: verifier })).status).toBe(200)
  })

  it('7. the iss of a real authorization response equals the issuer; another is iss_mismatch', async () => {
    expect(provider.metadata.authorization_response_iss_parameter_supported).toBe(true)
    expect(provider.metadata.code_challenge_methods_supported).toEqual(['S256'])
    const { callback } = await authorize()
    const iss = callback.searchParams.get('iss')
    expect(iss).toBe(provider.issuer)
    expect(iss).toBe(provider.metadata.issuer)

    const asConfigured = genericOAuthProvider('oidc', oidcProviderConfig(provider))
    expect(() => validateIssuer(asConfigured, iss, { required: true })).not.toThrow()
    for (const forged of [
      `${provider.issuer}/`,
      provider.issuer.replace('127.0.0.1', 'localhost'),
      'https://attacker.example',
    ]) {
      const error = (() => {
        try {
          validateIssuer(asConfigured, forged, { required: true })
        } catch (caught) {
          return caught
        }
      })()
      expect(error).toBeInstanceOf(BffError)
      expect(error).toMatchObject({ code: 'iss_mismatch', status: 400 })
    }
    expect(() => validateIssuer(asConfigured, null, { required: true })).toThrow(BffError)
  })

  it('disconnect forgets the tokens; another user never sees them', async () => {
    const bff = await startBff()
    const { code, verifier } = await authorize()
    expect((await exchange(bff, { code, codeVerifier: verifier })).status).toBe(200)
    const otherUser = await signIn(bff.app, 'user-oidc-2')
    const foreign = await bff.app.request(bffGet('/bff/connections/oidc', otherUser))
    expect(await foreign.json()).toEqual({ status: 'disconnected', via: 'direct' })
    const gone = await bff.app.request(bffPost('/bff/connections/oidc/disconnect', {}, bff.cookie))
    expect(await gone.json()).toEqual({ status: 'disconnected', via: 'direct' })
    expect(
      await bff.store.getConnection({ userId: 'user-oidc-1', provider: 'oidc' }),
    ).toBeUndefined()
  })
})
