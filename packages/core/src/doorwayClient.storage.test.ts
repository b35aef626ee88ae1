import { describe, expect, it, vi } from 'vitest'
import { asWindow, bff, fakeFetch, fakeWindow, redirectUri } from './__tests__/fakes.js'
import { createDoorwayClient } from './doorwayClient.js'

// Its own file: happy-dom binds Storage methods to each instance on first use, so the spy
// must be in place before anything touches either storage.
describe('storage', () => {
  it('10. nothing token-related, no verifier and no state is written to localStorage', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    for (const protocol of ['oauth2', 'legacy'] as const) {
      const w = fakeWindow()
      const { fetch } = fakeFetch(bff(protocol))
      const client = createDoorwayClient({ fetch, window: asWindow(w) })
      const off = client.subscribe(() => {})

      await client.signIn('rhombus')
      const state = new URL(w.location.assign.mock.calls[0]![0]).searchParams.get('state')!
      expect(sessionStorage.getItem(`doorway:tx:${state}`)).toContain(state)
      const extra = protocol === 'legacy' ? '&accessToken=legacy-token-123&isPartner=true' : ''
      w.go(`${redirectUri}?code=code-${protocol}&state=${state}${extra}`)
      await client.handleCallback()
      await client.getSession()
      await client.signOut()
      off()
    }

    // The transactions did go through Storage.prototype.setItem, all on one storage: the
    // session one, which held them and is empty again.
    expect(setItem).toHaveBeenCalledTimes(2)
    for (const [key, value] of setItem.mock.calls) {
      expect(key).toMatch(/^doorway:tx:/)
      for (const never of ['code-oauth2', 'code-legacy', 'legacy-token-123']) {
        expect(key + value).not.toContain(never)
      }
    }
    const [sessionTarget] = setItem.mock.contexts
    expect(setItem.mock.contexts[1]).toBe(sessionTarget)
    expect(sessionStorage.length).toBe(0)
    expect(localStorage.length).toBe(0)

    // The spy would have seen a localStorage write: the check above is not vacuous.
    localStorage.setItem('probe', '1')
    expect(setItem).toHaveBeenLastCalledWith('probe', '1')
    expect(setItem.mock.contexts.at(-1)).not.toBe(sessionTarget)
    localStorage.removeItem('probe')
  })
})
