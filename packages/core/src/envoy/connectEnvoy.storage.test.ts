import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { envoyBff, envoyRedirectUri, versoriOrigin } from '../__tests__/envoyFakes.js'
import { asWindow, fakeFetch, fakePopup, fakeWindow, origin } from '../__tests__/fakes.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { rhombusSignIn } from '../rhombus/rhombusSignIn.js'
import { connectEnvoy, envoyFlows } from './connectEnvoy.js'
import { disconnectEnvoy, envoyRequest } from './envoyConnection.js'

// Its own file: happy-dom binds Storage methods to each instance on first use, so the spy
// must be in place before anything touches either storage.
describe('storage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('10. no code, state or connection is written to localStorage through all three ways', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const w = fakeWindow(`${origin}/settings`)
    const popup = fakePopup()
    w.open.mockReturnValue(popup)
    const { fetch } = fakeFetch(envoyBff())
    const flows = [rhombusSignIn, envoyFlows.direct, envoyFlows.rhombus]
    const client = createDoorwayClient({ fetch, window: asWindow(w), flows })
    const post = (data: unknown, from = origin) =>
      w.dispatchEvent(Object.assign(new Event('message'), { data, origin: from, source: popup }))

    // Direct, by redirect.
    await connectEnvoy(client, { via: 'direct', mode: 'redirect' })
    const state = new URL(w.location.assign.mock.calls[0]![0]).searchParams.get('state')!
    w.go(`${envoyRedirectUri}?code=direct-code-1&state=${state}`)
    await client.handleCallback()

    // Through Rhombus, in the popup.
    const rhombus = connectEnvoy(client, { via: 'rhombus' })
    await vi.waitFor(() => expect(popup.location.replace).toHaveBeenCalled())
    const back = Object.keys(sessionStorage)
      .find((k) => k.startsWith('doorway:tx:'))!
      .slice(11)
    post({ type: 'doorway:callback', url: `${origin}/oauth/callback/envoy-rhombus?state=${back}` })
    await rhombus

    // Through Versori.
    const versori = connectEnvoy(client, { via: 'versori', window: asWindow(w) })
    await vi.waitFor(() => expect(popup.location.replace).toHaveBeenCalledTimes(2))
    post(
      { type: 'response', payload: { search: '?code=versori-code-1&state=versori-state-1' } },
      versoriOrigin,
    )
    await versori
    await envoyRequest(client, '/v1/locations')
    await disconnectEnvoy(client, 'direct')

    // The two redirecting ways went through one storage: the session one, empty again.
    expect(setItem).toHaveBeenCalledTimes(2)
    for (const [key, value] of setItem.mock.calls) {
      expect(key).toMatch(/^doorway:tx:/)
      for (const never of ['direct-code-1', 'versori-code-1', 'versori-state-1']) {
        expect(key + value).not.toContain(never)
      }
    }
    expect(setItem.mock.contexts[1]).toBe(setItem.mock.contexts[0])
    expect(sessionStorage.length).toBe(0)
    expect(localStorage.length).toBe(0)
    localStorage.setItem('probe', '1')
    expect(setItem.mock.contexts.at(-1)).not.toBe(setItem.mock.contexts[0])
    localStorage.removeItem('probe')
  })
})
