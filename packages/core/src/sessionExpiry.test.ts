import { afterEach, describe, expect, it, vi } from 'vitest'
import { bff, fakeFetch, json, signedIn } from './__tests__/fakes.js'
import { createDoorwayClient } from './doorwayClient.js'
import { DoorwayError } from './errors.js'
import type { SessionSummary } from './wire.js'

const expired: SessionSummary = { authenticated: false, expired: true }

afterEach(() => {
  vi.useRealTimers()
})

/** A tab: a client whose BFF says the session ends `inMs` from now. */
function tab(inMs: number, handler?: Parameters<typeof fakeFetch>[0]) {
  const session = { ...signedIn, expiresAt: Date.now() + inMs }
  const { fetch, calls } = fakeFetch(handler ?? bff('oauth2', session))
  const client = createDoorwayClient({ fetch })
  const heard = vi.fn<(session: SessionSummary) => void>()
  const off = client.subscribe(heard)
  return { client, calls, heard, off, session }
}

describe('the session ends itself', () => {
  it('at its expiresAt: listeners hear {authenticated: false, expired: true}, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const t = tab(5_000)
    await t.client.getSession()
    await vi.advanceTimersByTimeAsync(4_999)
    expect(t.heard).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(t.heard).toHaveBeenCalledExactlyOnceWith(expired)
    t.off()
  })

  it("a session that ends in 30 days (past setTimeout's 24.8-day limit) ends then, not sooner", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const thirtyDays = 30 * 24 * 3600_000
    const t = tab(thirtyDays)
    await t.client.getSession()
    await vi.advanceTimersByTimeAsync(thirtyDays - 1)
    expect(t.heard).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(t.heard).toHaveBeenCalledExactlyOnceWith(expired)
    t.off()
  })

  it('a newer session re-arms the timer; a signed-out one disarms it', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const t = tab(1_000)
    await t.client.getSession()
    await t.client.signOut()
    await vi.advanceTimersByTimeAsync(5_000)
    expect(t.heard.mock.calls).toEqual([[{ authenticated: false }]])
    expect(vi.getTimerCount()).toBe(0)
    t.off()
  })

  it('in every tab: each tab that read the session ends it, and tells the others', async () => {
    const one = tab(300)
    const two = tab(300)
    await Promise.all([one.client.getSession(), two.client.getSession()])
    await vi.waitFor(() => {
      expect(one.heard).toHaveBeenCalledWith(expired)
      expect(two.heard).toHaveBeenCalledWith(expired)
    })
    one.off()
    two.off()
  })

  it('a tab that only heard the session from another tab ends it too', async () => {
    const listener = tab(60_000)
    // The listener never reads the session itself: another tab announces a sign-in.
    const session = { ...signedIn, expiresAt: Date.now() + 200 }
    const channel = new BroadcastChannel('doorway')
    channel.postMessage({ type: 'doorway:session', value: session })
    channel.close()
    await vi.waitFor(() => expect(listener.heard).toHaveBeenCalledWith(session))
    expect(listener.heard).not.toHaveBeenCalledWith(expired)
    await vi.waitFor(() => expect(listener.heard).toHaveBeenLastCalledWith(expired))
    expect(listener.calls).toHaveLength(0)
    listener.off()
  })

  it('when the BFF answers session_expired: the call rejects with it, and the session ends everywhere', async () => {
    const handler = (url: string) =>
      url === '/bff/rhombus/api/user/getUsersInOrg'
        ? json(
            { code: 'session_expired', status: 401, detail: 'Sign in again.' },
            401,
            'application/problem+json',
          )
        : bff('oauth2', { ...signedIn, expiresAt: Date.now() + 60_000 })(url)
    const here = tab(60_000, handler)
    const there = tab(60_000)
    await here.client.getSession()
    const error = await here.client.rhombus.request('/user/getUsersInOrg').catch((e) => e)
    expect(error).toBeInstanceOf(DoorwayError)
    expect(error).toMatchObject({ code: 'session_expired', status: 401 })
    expect(here.heard).toHaveBeenLastCalledWith(expired)
    await vi.waitFor(() => expect(there.heard).toHaveBeenLastCalledWith(expired))
    here.off()
    there.off()
  })

  it('other errors leave the session alone', async () => {
    const handler = (url: string) =>
      url === '/bff/rhombus/api/user/getUsersInOrg'
        ? json({ code: 'unauthenticated', status: 401 }, 401, 'application/problem+json')
        : bff()(url)
    const t = tab(60_000, handler)
    await expect(t.client.rhombus.request('/user/getUsersInOrg')).rejects.toMatchObject({
      code: 'unauthenticated',
    })
    expect(t.heard).not.toHaveBeenCalled()
    t.off()
  })
})

describe('acting for a client org', () => {
  it('rhombus.request sends the org as x-doorway-org, and only when given', async () => {
    const { fetch, calls } = fakeFetch(() => json({ users: [] }))
    const client = createDoorwayClient({ fetch })
    await client.rhombus.request('/user/getUsersInOrg', {}, { org: 'sbxOrgPartnerClientAcme' })
    await client.rhombus.request('/user/getUsersInOrg', {})
    expect(calls.map((c) => c.headers['x-doorway-org'])).toEqual([
      'sbxOrgPartnerClientAcme',
      undefined,
    ])
    expect(calls[0]?.headers['x-doorway-csrf']).toBe('1')
  })
})
