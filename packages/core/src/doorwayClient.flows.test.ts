import { beforeEach, describe, expect, it, vi } from 'vitest'
import { envoyBff } from './__tests__/envoyFakes.js'
import {
  asWindow,
  fakeFetch,
  fakePopup,
  fakeWindow,
  json,
  origin,
  rejectsWith,
  signedIn,
} from './__tests__/fakes.js'
import { createDoorwayClient, type Flow } from './doorwayClient.js'
import { connectEnvoy, envoyFlows } from './envoy/connectEnvoy.js'
import { rhombusSignIn } from './rhombus/rhombusSignIn.js'

const callbackUrl = (id: string, state: string) =>
  `${origin}/oauth/callback/${id}?code=c&state=${state}`
// The one transaction in this tab's sessionStorage, by its key `doorway:tx:<state>`.
const storedState = () =>
  Object.keys(sessionStorage)
    .find((k) => k.startsWith('doorway:tx:'))!
    .slice('doorway:tx:'.length)

/** A flow of its own: what the app would write for a provider Doorway does not know. */
function acmeFlow() {
  const flow = {
    id: 'acme',
    start: vi.fn<Flow<{ finished: unknown }>['start']>(async ({ state, callbackPath }) => ({
      url: `https://as.acme.example/authorize?state=${state}`,
      redirectUri: `${origin}${callbackPath}/acme`,
      data: { note: 'kept' },
    })),
    finish: vi.fn<Flow<{ finished: unknown }>['finish']>(async (_callback, tx) => ({
      data: { finished: tx.data },
    })),
  }
  return flow satisfies Flow<{ finished: unknown }>
}

function setup({ flows, href }: { flows?: Flow[]; href?: string } = {}) {
  const w = fakeWindow(href)
  const { fetch, calls } = fakeFetch(
    envoyBff({ 'POST /bff/auth/rhombus/exchange': () => json(signedIn) }),
  )
  const client = createDoorwayClient({ fetch, window: asWindow(w), ...(flows && { flows }) })
  return { w, calls, fetch, client }
}

beforeEach(() => {
  sessionStorage.clear()
})

describe('the flow is read from the stored transaction', () => {
  it("on a fresh page (redirect mode), the callback is finished by the client's flow of the id its transaction names", async () => {
    const started = acmeFlow()
    const s = setup({ flows: [rhombusSignIn, started] })
    await expect(s.client.authorize(started, { returnTo: '/after' })).resolves.toBeUndefined()
    const state = storedState()
    expect(JSON.parse(sessionStorage.getItem(`doorway:tx:${state}`)!)).toMatchObject({
      flow: 'acme',
      data: { note: 'kept' },
    })

    // The page the provider sends the user back to: new modules, a new client, another
    // object for the same flow.
    vi.resetModules()
    const fresh = await import('./doorwayClient.js')
    const page = setup({ href: callbackUrl('acme', state) })
    const finishing = acmeFlow()
    const client = fresh.createDoorwayClient({
      fetch: page.fetch,
      window: asWindow(page.w),
      flows: [rhombusSignIn, finishing],
    })
    expect(client.callbackFlow()).toBe('acme')
    await expect(client.handleCallback()).resolves.toEqual({
      flow: 'acme',
      returnTo: '/after',
      data: { finished: { note: 'kept' } },
    })
    expect(finishing.finish).toHaveBeenCalledTimes(1)
    const [callback, tx, bff] = finishing.finish.mock.calls[0]!
    expect(callback).toMatchObject({ flow: 'acme', code: 'c', state })
    expect(tx).toMatchObject({ flow: 'acme', state, returnTo: '/after' })
    expect(bff).toMatchObject({ request: expect.any(Function) })
    expect(started.finish).not.toHaveBeenCalled()
    expect(page.calls).toHaveLength(0)
  })

  it('a flow the client does not list is not_configured, says how to fix it, and sends nothing', async () => {
    const acme = acmeFlow()
    const s = setup({ flows: [acme] })
    await s.client.authorize(acme)
    const state = storedState()
    const page = setup({ href: callbackUrl('acme', state) })
    const error = await rejectsWith(page.client.handleCallback(), 'not_configured')
    expect(error.message).toBe('Pass flow "acme" to createDoorwayClient({ flows }).')
    expect(page.calls).toHaveLength(0)
    expect(acme.finish).not.toHaveBeenCalled()
    // Once per state and page: asked again, the same outcome, still nothing sent.
    await rejectsWith(page.client.handleCallback(), 'not_configured')
    expect(page.calls).toHaveLength(0)
  })

  it('a flow started must be listed, in either mode: refused before anything is stored, sent or opened', async () => {
    const acme = acmeFlow()
    const s = setup()
    await rejectsWith(s.client.authorize(acme), 'not_configured')
    await rejectsWith(s.client.authorize(acme, { mode: 'popup' }), 'not_configured')
    await rejectsWith(connectEnvoy(s.client, { via: 'direct', mode: 'redirect' }), 'not_configured')
    await rejectsWith(connectEnvoy(s.client, { via: 'rhombus' }), 'not_configured')
    expect(acme.start).not.toHaveBeenCalled()
    expect(sessionStorage.length).toBe(0)
    expect(s.calls).toHaveLength(0)
    expect(s.w.open).not.toHaveBeenCalled()
    expect(s.w.location.assign).not.toHaveBeenCalled()
  })

  it('by default a client lists the Rhombus sign-in only', async () => {
    const s = setup()
    await s.client.signIn('rhombus')
    expect(s.w.location.assign).toHaveBeenCalledTimes(1)
    const state = storedState()
    await expect(s.client.handleCallback(callbackUrl('rhombus', state))).resolves.toMatchObject({
      flow: 'rhombus',
      session: signedIn,
    })
  })

  it("in popup mode too, the client's flow of that id finishes the callback", async () => {
    const started = acmeFlow()
    const acme = acmeFlow()
    const s = setup({ flows: [acme] })
    const popup = fakePopup()
    s.w.open.mockReturnValue(popup)
    const pending = s.client.authorize(started, { mode: 'popup' })
    await vi.waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    const state = new URL(vi.mocked(popup.location.replace).mock.calls[0]![0]).searchParams.get(
      'state',
    )!
    s.w.dispatchEvent(
      Object.assign(new Event('message'), {
        data: { type: 'doorway:callback', url: callbackUrl('acme', state) },
        origin,
        source: popup,
      }),
    )
    await expect(pending).resolves.toEqual({
      flow: 'acme',
      returnTo: '/dashboard?tab=1#top',
      data: { finished: { note: 'kept' } },
    })
    expect(started.start).toHaveBeenCalledTimes(1)
    expect(started.finish).not.toHaveBeenCalled()
    expect(acme.finish).toHaveBeenCalledTimes(1)
  })
})

describe('result.flow names the flow that finished', () => {
  it.each([
    ['rhombus', rhombusSignIn, { session: signedIn }],
    ['envoy', envoyFlows.direct, { data: expect.objectContaining({ via: 'direct' }) }],
    ['envoy-rhombus', envoyFlows.rhombus, { data: expect.objectContaining({ via: 'rhombus' }) }],
  ] as const)('%s', async (id, flow, outcome) => {
    expect(flow.id).toBe(id)
    const s = setup({ flows: [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus] })
    await s.client.authorize(flow as Flow, { returnTo: '/back' })
    const result = await s.client.handleCallback(callbackUrl(flow.id, storedState()))
    expect(result).toMatchObject({ flow: flow.id, returnTo: '/back', ...outcome })
  })
})

describe('one attempt at a time per client (the only de-duplication of starts)', () => {
  it('a start of any flow while one runs returns the running attempt: one popup, one transaction', async () => {
    const acme = acmeFlow()
    const s = setup({ flows: [rhombusSignIn, acme, envoyFlows.direct] })
    const popup = fakePopup()
    s.w.open.mockReturnValue(popup)
    const first = s.client.authorize(acme, { mode: 'popup' })
    expect(s.client.authorize(acme, { mode: 'popup' })).toBe(first)
    expect(s.client.authorize(acmeFlow(), { mode: 'popup' })).toBe(first)
    expect(s.client.signIn('rhombus', { mode: 'popup' })).toBe(first)
    const connect = connectEnvoy(s.client, { via: 'direct' })
    expect(s.w.open).toHaveBeenCalledTimes(1)
    await vi.waitFor(() => expect(popup.location.replace).toHaveBeenCalledTimes(1))
    expect(acme.start).toHaveBeenCalledTimes(1)
    expect(sessionStorage.length).toBe(1)
    popup.closed = true
    await rejectsWith(first, 'popup_closed')
    await rejectsWith(connect, 'popup_closed')
  })

  it('by redirect too: a connect and a sign-in started together are one attempt, one navigation', async () => {
    const s = setup({ flows: [rhombusSignIn, envoyFlows.direct] })
    const connect = connectEnvoy(s.client, { via: 'direct', mode: 'redirect' })
    const signIn = s.client.signIn('rhombus')
    await Promise.all([connect, signIn])
    expect(s.w.location.assign).toHaveBeenCalledTimes(1)
    expect(sessionStorage.length).toBe(1)
    expect(JSON.parse(sessionStorage.getItem(`doorway:tx:${storedState()}`)!).flow).toBe('envoy')
  })

  it('once an attempt settles, failed or not, the next start is a new one', async () => {
    const acme = acmeFlow()
    const s = setup({ flows: [acme] })
    const refused = s.client.signIn('rhombus')
    await rejectsWith(refused, 'not_configured')
    const first = s.client.authorize(acme)
    await first
    const second = s.client.authorize(acme)
    expect(second).not.toBe(first)
    await second
    expect(acme.start).toHaveBeenCalledTimes(2)
    expect(s.w.location.assign).toHaveBeenCalledTimes(2)
  })
})
