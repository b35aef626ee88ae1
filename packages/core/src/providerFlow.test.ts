import { beforeEach, describe, expect, it, vi } from 'vitest'
import { problem } from './__tests__/envoyFakes.js'
import {
  asWindow,
  bff,
  config,
  fakeFetch,
  fakePopup,
  fakeWindow,
  json,
  origin,
  rejectsWith,
} from './__tests__/fakes.js'
import { createPKCE } from './authorizeRequest.js'
import { createBffClient } from './bffClient.js'
import { createDoorwayClient, type Flow } from './doorwayClient.js'
import {
  bindState,
  disconnectProvider,
  getProviderConnection,
  providerFlow,
} from './providerFlow.js'
import { rhombusSignIn } from './rhombus/rhombusSignIn.js'
import { createTransactionStore } from './transactionStore.js'

const acme = {
  clientId: 'acme-client',
  authorizeUrl: 'https://as.acme.example/oauth/authorize',
  scope: 'read write',
  redirectUri: `${origin}/oauth/callback/acme`,
  issuer: 'https://as.acme.example',
  pkce: true,
}
const exchangeUrl = '/bff/auth/acme/exchange'
const stateUrl = '/bff/auth/acme/state'
const noContent = () => new Response(null, { status: 204 })

const acmeFlow = providerFlow('acme')

function setup(
  provider: Record<string, unknown> = acme,
  bound: () => Response = noContent,
  flows: readonly Flow<unknown>[] = [rhombusSignIn, acmeFlow],
) {
  const log: string[] = []
  const w = fakeWindow(`${origin}/settings`, log)
  const { fetch, calls } = fakeFetch((url) => {
    if (url === '/bff/config') return json({ providers: { ...config().providers, acme: provider } })
    if (url === stateUrl) return bound()
    if (url === exchangeUrl) return json({ linked: true })
    return bff()(url)
  }, log)
  const client = createDoorwayClient({ fetch, window: asWindow(w), flows })
  const start = async () => {
    await client.authorize(acmeFlow, { mode: 'redirect', returnTo: '/after' })
    const authorize = new URL(w.location.assign.mock.calls.at(-1)![0])
    return { authorize, state: authorize.searchParams.get('state')! }
  }
  const exchanges = () => calls.filter((c) => c.url === exchangeUrl)
  return { w, log, calls, client, start, exchanges }
}

const storedTx = (state: string) => JSON.parse(sessionStorage.getItem(`doorway:tx:${state}`)!)

beforeEach(() => {
  sessionStorage.clear()
})

describe('providerFlow: an OAuth provider described as data', () => {
  it('2. builds the standard authorize URL from GET /config, with an S256 challenge of the stored verifier', async () => {
    const s = setup()
    const { authorize, state } = await s.start()
    const tx = storedTx(state)
    const { codeChallenge } = await createPKCE(tx.codeVerifier)
    expect(authorize.href).toBe(
      `https://as.acme.example/oauth/authorize?response_type=code&client_id=acme-client&redirect_uri=${encodeURIComponent(acme.redirectUri)}&scope=read+write&state=${state}&code_challenge=${codeChallenge}&code_challenge_method=S256`,
    )
    expect(tx).toMatchObject({
      flow: 'acme',
      redirectUri: acme.redirectUri,
      issuer: acme.issuer,
      returnTo: '/after',
    })
  })

  it('not_configured when the BFF serves no such provider, before anything is stored', async () => {
    const unknown = providerFlow('unknown')
    const listed = setup(acme, noContent, [unknown])
    await rejectsWith(listed.client.authorize(unknown, { mode: 'redirect' }), 'not_configured')
    expect(sessionStorage.length).toBe(0)
    expect(listed.w.location.assign).not.toHaveBeenCalled()
    expect(listed.calls.map((c) => c.url)).toEqual(['/bff/config'])
  })

  it('redirect mode refuses a flow the client does not list, before anything is stored or sent: the page it comes back to could not finish it', async () => {
    const s = setup(acme, noContent, [rhombusSignIn])
    const error = await rejectsWith(
      s.client.authorize(acmeFlow, { mode: 'redirect' }),
      'not_configured',
    )
    expect(error.message).toBe('Pass flow "acme" to createDoorwayClient({ flows }).')
    expect(sessionStorage.length).toBe(0)
    expect(s.calls).toHaveLength(0)
    expect(s.w.location.assign).not.toHaveBeenCalled()
  })

  it('5. 9. exchanges its callback once at POST /auth/<id>/exchange, after cleaning the address bar', async () => {
    const s = setup()
    const { state } = await s.start()
    const { codeVerifier } = storedTx(state)
    s.w.go(`${acme.redirectUri}?code=abc&state=${state}&iss=${encodeURIComponent(acme.issuer)}`)
    s.log.length = 0
    const [a, b] = await Promise.all([s.client.handleCallback(), s.client.handleCallback()])
    expect(a).toEqual({ flow: 'acme', returnTo: '/after', data: { linked: true } })
    expect(b).toEqual(a)
    expect(s.log).toEqual(['replaceState', `fetch ${exchangeUrl}`])
    expect(s.w.location.href).toBe(acme.redirectUri)
    expect(s.exchanges().map((c) => c.body)).toEqual([
      { code: 'abc', codeVerifier, redirectUri: acme.redirectUri, state },
    ])
  })

  describe('7. where a provider sends iss, it must equal the expected issuer (checked before any network call)', () => {
    it('a different iss is iss_mismatch', async () => {
      const s = setup()
      const { state } = await s.start()
      s.calls.length = 0
      s.w.go(`${acme.redirectUri}?code=abc&state=${state}&iss=https%3A%2F%2Fevil.example`)
      const error = await rejectsWith(s.client.handleCallback(), 'iss_mismatch')
      expect(error.hint).toMatch(/issuer/)
      expect(s.calls).toHaveLength(0)
      // The transaction is spent: the same callback cannot be tried again.
      expect(sessionStorage.getItem(`doorway:tx:${state}`)).toBeNull()
    })

    it('a missing iss is iss_mismatch when the configuration names an issuer', async () => {
      const s = setup()
      const { state } = await s.start()
      s.calls.length = 0
      await rejectsWith(
        s.client.handleCallback(`${acme.redirectUri}?code=abc&state=${state}`),
        'iss_mismatch',
      )
      expect(s.calls).toHaveLength(0)
    })

    it('an iss is iss_mismatch when no issuer is configured to check it against', async () => {
      const { issuer: _, ...noIssuer } = acme
      const s = setup(noIssuer)
      const { state } = await s.start()
      s.calls.length = 0
      await rejectsWith(
        s.client.handleCallback(
          `${acme.redirectUri}?code=abc&state=${state}&iss=https%3A%2F%2Fas.acme.example`,
        ),
        'iss_mismatch',
      )
      expect(s.calls).toHaveLength(0)
    })

    it('an error response with a wrong iss is iss_mismatch, not the error it claims', async () => {
      const s = setup()
      const { state } = await s.start()
      await rejectsWith(
        s.client.handleCallback(
          `${acme.redirectUri}?error=access_denied&state=${state}&iss=https%3A%2F%2Fevil.example`,
        ),
        'iss_mismatch',
      )
      expect(s.exchanges()).toHaveLength(0)
    })

    it('no issuer configured and no iss sent: exchanged', async () => {
      const { issuer: _, ...noIssuer } = acme
      const s = setup(noIssuer)
      const { state } = await s.start()
      await s.client.handleCallback(`${acme.redirectUri}?code=abc&state=${state}`)
      expect(s.exchanges()).toHaveLength(1)
    })
  })

  it('8. an authorization error becomes a typed error with the description kept; no exchange', async () => {
    const s = setup()
    const { state } = await s.start()
    const error = await rejectsWith(
      s.client.handleCallback(
        `${acme.redirectUri}?error=access_denied&error_description=No+thanks&error_uri=https%3A%2F%2Fe.example&state=${state}&iss=${encodeURIComponent(acme.issuer)}`,
      ),
      'access_denied',
    )
    expect(error).toMatchObject({
      error: 'access_denied',
      error_description: 'No thanks',
      error_uri: 'https://e.example',
    })
    expect(s.exchanges()).toHaveLength(0)
  })

  it('a callback without a code is invalid_callback, with no exchange', async () => {
    const s = setup()
    const { state } = await s.start()
    await rejectsWith(
      s.client.handleCallback(
        `${acme.redirectUri}?state=${state}&iss=${encodeURIComponent(acme.issuer)}`,
      ),
      'invalid_callback',
    )
    expect(s.exchanges()).toHaveLength(0)
  })

  it('4. a missing, unknown or expired state aborts before any network call', async () => {
    const s = setup()
    const { state } = await s.start()
    s.calls.length = 0
    await rejectsWith(s.client.handleCallback(`${acme.redirectUri}?code=abc`), 'state_mismatch')
    await rejectsWith(
      s.client.handleCallback(`${acme.redirectUri}?code=abc&state=forged-${state}`),
      'state_mismatch',
    )
    expect(s.calls).toHaveLength(0)
    expect(storedTx(state)).not.toBeNull()
  })

  describe('6. a transaction started for one provider is never exchanged at another endpoint', () => {
    it("an acme transaction on Rhombus's callback path, or Rhombus's on acme's, is state_mismatch with no call", async () => {
      const s = setup()
      const { state } = await s.start()
      s.calls.length = 0
      await rejectsWith(
        s.client.handleCallback(`${origin}/oauth/callback/rhombus?code=abc&state=${state}`),
        'state_mismatch',
      )
      createTransactionStore(sessionStorage, Date.now).save({
        flow: 'rhombus',
        state: 'rhombus-state',
        codeVerifier: 'v'.repeat(43),
        redirectUri: `${origin}/oauth/callback/rhombus`,
        returnTo: '/',
      })
      await rejectsWith(
        s.client.handleCallback(`${acme.redirectUri}?code=abc&state=rhombus-state`),
        'state_mismatch',
      )
      expect(s.calls).toHaveLength(0)
    })

    it("a provider's transaction goes to its own exchange, never to Rhombus's", async () => {
      const s = setup()
      const { state } = await s.start()
      await s.client.handleCallback(
        `${acme.redirectUri}?code=abc&state=${state}&iss=${encodeURIComponent(acme.issuer)}`,
      )
      expect(s.calls.map((c) => c.url)).toEqual(['/bff/config', stateUrl, exchangeUrl])
    })

    it("a transaction of a flow this page's client does not list is not_configured, with no call", async () => {
      const s = setup()
      createTransactionStore(sessionStorage, Date.now).save({
        flow: 'nobody',
        state: 'nobody-state',
        redirectUri: `${origin}/oauth/callback/nobody`,
        returnTo: '/',
      })
      const error = await rejectsWith(
        s.client.handleCallback(`${origin}/oauth/callback/nobody?code=abc&state=nobody-state`),
        'not_configured',
      )
      expect(error.message).toBe('Pass flow "nobody" to createDoorwayClient({ flows }).')
      expect(s.calls).toHaveLength(0)
    })
  })

  it("passes the answer to `then`; on the page it comes back to, the client's own flow of that id finishes", async () => {
    const seen: unknown[] = []
    const wrapped = providerFlow('acme', (data) => {
      seen.push(data)
      return { wrapped: data }
    })
    const s = setup(acme, noContent, [wrapped])
    const { state } = await s.start()
    await expect(
      s.client.handleCallback(
        `${acme.redirectUri}?code=abc&state=${state}&iss=${encodeURIComponent(acme.issuer)}`,
      ),
    ).resolves.toMatchObject({ data: { wrapped: { linked: true } } })
    expect(seen).toEqual([{ linked: true }])
  })
})

describe("26. the attempt's state is bound to the session on the server before the user leaves", () => {
  it('POST /auth/<id>/state {state} with the CSRF header, after GET /config and before the navigation', async () => {
    const s = setup()
    const { state } = await s.start()
    expect(state).toMatch(/^[A-Za-z0-9_-]{43,}$/)
    expect(s.log).toEqual([
      'fetch /bff/config',
      `fetch ${stateUrl}`,
      `assign ${s.w.location.assign.mock.calls[0]![0]}`,
    ])
    const bind = s.calls.find((c) => c.url === stateUrl)!
    expect([bind.method, bind.headers['x-doorway-csrf'], bind.body]).toEqual([
      'POST',
      '1',
      { state },
    ])
    expect(storedTx(state).state).toBe(state)
  })

  it('the exchange always sends the bound state, the same the provider got', async () => {
    const { pkce: _, issuer: __, ...plain } = acme
    const s = setup(plain)
    const { authorize, state } = await s.start()
    expect(authorize.searchParams.has('code_challenge')).toBe(false)
    await s.client.handleCallback(`${acme.redirectUri}?code=abc&state=${state}`)
    const bound = s.calls.find((c) => c.url === stateUrl)!.body
    expect(s.exchanges().map((c) => c.body)).toEqual([
      { code: 'abc', redirectUri: acme.redirectUri, state },
    ])
    expect(bound).toEqual({ state })
  })

  it('popup mode: the popup opens in the click, and only its navigation waits for the binding', async () => {
    const s = setup()
    const popup = fakePopup()
    s.w.open.mockImplementation(() => {
      s.log.push('open')
      return popup
    })
    const pending = s.client.authorize(acmeFlow, { mode: 'popup' })
    expect(s.log[0]).toBe('open')
    await vi.waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    expect(s.log).toEqual(['open', 'fetch /bff/config', `fetch ${stateUrl}`])
    const state = new URL(vi.mocked(popup.location.replace).mock.calls[0]![0]).searchParams.get(
      'state',
    )
    expect(s.calls.find((c) => c.url === stateUrl)!.body).toEqual({ state })
    const url = `${acme.redirectUri}?code=c&state=${state}&iss=${encodeURIComponent(acme.issuer)}`
    s.w.dispatchEvent(
      Object.assign(new Event('message'), {
        data: { type: 'doorway:callback', url },
        origin,
        source: popup,
      }),
    )
    await expect(pending).resolves.toMatchObject({ data: { linked: true } })
    expect(s.exchanges().map((c) => (c.body as { state: string }).state)).toEqual([state])
  })

  it('a refused binding (401 unauthenticated) rejects with its code: nothing stored, no navigation, popup closed', async () => {
    const s = setup(acme, () => problem('unauthenticated', 401, 'Sign in first.'))
    const popup = fakePopup()
    s.w.open.mockReturnValue(popup)
    const error = await rejectsWith(
      s.client.authorize(acmeFlow, { mode: 'popup' }),
      'unauthenticated',
    )
    expect(error.status).toBe(401)
    expect(popup.location.replace).not.toHaveBeenCalled()
    expect(popup.close).toHaveBeenCalled()
    expect(sessionStorage.length).toBe(0)
    expect(s.exchanges()).toHaveLength(0)
  })

  describe('bindState', () => {
    const jsonHeaders = {
      accept: 'application/json',
      'x-doorway-csrf': '1',
      'content-type': 'application/json',
    }

    it.each([
      ['204 No Content', noContent],
      ['201 JSON', () => json({ bound: true }, 201)],
      ['200 JSON', () => json({}, 200)],
    ])('POSTs {state} to {baseUrl}/auth/<provider>/state and resolves on %s', async (_, answer) => {
      const { fetch, calls } = fakeFetch(answer)
      const bff = createBffClient({ fetch, baseUrl: '/api/bff/' })
      await expect(bindState(bff, 'envoy', 'a'.repeat(43))).resolves.toBeUndefined()
      expect(calls.map((c) => [c.method, c.url, c.headers, c.body])).toEqual([
        ['POST', '/api/bff/auth/envoy/state', jsonHeaders, { state: 'a'.repeat(43) }],
      ])
      expect(calls[0]!.init.credentials).toBe('same-origin')
    })

    it("rejects with the BFF's problem code, and on a 2xx that is neither JSON nor empty", async () => {
      const refused = fakeFetch(() => problem('unauthenticated', 401))
      await rejectsWith(
        bindState(createBffClient({ fetch: refused.fetch }), 'envoy', 's'),
        'unauthenticated',
      )
      const forbidden = fakeFetch(() => problem('forbidden', 403))
      const error = await rejectsWith(
        bindState(createBffClient({ fetch: forbidden.fetch }), 'envoy', 's'),
        'forbidden',
      )
      expect(error.status).toBe(403)
      // A dev server's index.html fallback is not a binding.
      const html = fakeFetch(() => new Response('<!doctype html>', { status: 200 }))
      await rejectsWith(
        bindState(createBffClient({ fetch: html.fetch }), 'envoy', 's'),
        'invalid_response',
      )
    })
  })
})

describe('a provider connection: status and disconnect', () => {
  it('GET /connections/<id> and POST /connections/<id>/disconnect, with the CSRF header', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      json({ status: url.endsWith('/disconnect') ? 'disconnected' : 'connected', via: 'direct' }),
    )
    const client = createDoorwayClient({ fetch })
    await expect(getProviderConnection(client, 'acme')).resolves.toEqual({
      status: 'connected',
      via: 'direct',
    })
    await expect(disconnectProvider(client, 'acme')).resolves.toMatchObject({
      status: 'disconnected',
    })
    expect(calls.map((c) => [c.method, c.url, c.headers['x-doorway-csrf']])).toEqual([
      ['GET', '/bff/connections/acme', '1'],
      ['POST', '/bff/connections/acme/disconnect', '1'],
    ])
  })
})
