import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { asWindow, fakePopup, fakeWindow, rejectsWith } from '../__tests__/fakes.js'
import { versoriHandshake } from './connectVersori.js'

const versori = 'https://platform.versori.com'
const state = 'versori-state-1'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] })
})
afterEach(() => {
  vi.useRealTimers()
})

function setup(timeoutMs = 60_000) {
  const w = fakeWindow()
  const popup = fakePopup()
  const added = vi.spyOn(w, 'addEventListener')
  const removed = vi.spyOn(w, 'removeEventListener')
  const pending = versoriHandshake(asWindow(w), asWindow(popup), {
    origin: versori,
    state,
    timeoutMs,
  })
  const outcome = pending.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  )
  const answer = (search: string, from: { origin?: string; source?: unknown } = {}) =>
    w.dispatchEvent(
      Object.assign(new Event('message'), {
        data: { type: 'response', payload: { search } },
        origin: versori,
        source: popup,
        ...from,
      }),
    )
  const post = (data: unknown) =>
    w.dispatchEvent(Object.assign(new Event('message'), { data, origin: versori, source: popup }))
  // 11: every listener added is removed again, and no timer is left behind.
  const cleanedUp = () => {
    const listener = added.mock.calls.find(([type]) => type === 'message')?.[1]
    expect(listener).toBeTypeOf('function')
    expect(removed).toHaveBeenCalledWith('message', listener)
    expect(vi.getTimerCount()).toBe(0)
  }
  return { w, popup, pending, outcome, answer, post, cleanedUp }
}

describe('versoriHandshake', () => {
  it("11. posts {type:'hello', payload:{state}} every 500 ms with Versori's origin as target origin", async () => {
    const h = setup()
    expect(h.popup.postMessage).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(499)
    expect(h.popup.postMessage).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(h.popup.postMessage).toHaveBeenCalledExactlyOnceWith(
      { type: 'hello', payload: { state } },
      versori,
    )
    await vi.advanceTimersByTimeAsync(1_000)
    expect(h.popup.postMessage).toHaveBeenCalledTimes(3)
    for (const [, target] of h.popup.postMessage.mock.calls) expect(target).toBe(versori)
    h.answer(`?code=c1&state=${state}`)
    await expect(h.pending).resolves.toEqual({ code: 'c1', state })
    h.cleanedUp()
    await vi.advanceTimersByTimeAsync(2_000)
    expect(h.popup.postMessage).toHaveBeenCalledTimes(3)
  })

  it('11. a message from a foreign origin is ignored', async () => {
    const h = setup()
    h.answer(`?code=evil&state=${state}`, { origin: 'https://evil.example' })
    h.answer(`?code=evil&state=${state}`, { origin: 'http://localhost:5173' })
    h.answer(`?code=evil&state=${state}`, { origin: 'https://platform.versori.com.evil.example' })
    await vi.advanceTimersByTimeAsync(600)
    h.answer(`?code=c1&state=${state}`)
    await expect(h.pending).resolves.toEqual({ code: 'c1', state })
  })

  it('11. a message from another window than the popup is ignored', async () => {
    const h = setup()
    h.answer(`?code=evil&state=${state}`, { source: {} })
    h.answer(`?code=evil&state=${state}`, { source: null })
    h.answer(`?code=evil&state=${state}`, { source: h.w })
    await vi.advanceTimersByTimeAsync(600)
    h.answer(`?code=c1&state=${state}`)
    await expect(h.pending).resolves.toEqual({ code: 'c1', state })
  })

  it('4. an answer for a foreign state (or none) is ignored', async () => {
    const h = setup()
    h.answer('?code=evil&state=someone-elses')
    h.answer('?code=evil')
    h.answer(`?code=evil&state=${state}x`)
    h.answer('?error=access_denied&state=someone-elses')
    await vi.advanceTimersByTimeAsync(600)
    h.answer(`?code=c1&state=${state}`)
    await expect(h.pending).resolves.toEqual({ code: 'c1', state })
  })

  it('anything not shaped {type:"response", payload:{search}} is ignored', async () => {
    const h = setup()
    for (const data of [
      null,
      'response',
      { type: 'hello', payload: { state } },
      { type: 'response' },
      { type: 'response', payload: null },
      { type: 'response', payload: { search: 42 } },
      { type: 'doorway:callback', url: `https://x.example/?code=evil&state=${state}` },
    ]) {
      h.post(data)
    }
    await vi.advanceTimersByTimeAsync(600)
    h.answer(`?code=c1&state=${state}`)
    await expect(h.pending).resolves.toEqual({ code: 'c1', state })
  })

  it('8. an error search becomes a typed error with error_description and error_uri kept', async () => {
    const h = setup()
    h.answer(
      `?error=access_denied&error_description=The+user+said+no&error_uri=https%3A%2F%2Fe.example&state=${state}`,
    )
    const error = await rejectsWith(h.pending, 'access_denied')
    expect(error).toMatchObject({
      error: 'access_denied',
      error_description: 'The user said no',
      error_uri: 'https://e.example',
      message: 'The user said no',
    })
    h.cleanedUp()
  })

  it('an answer with the state but neither code nor error is invalid_callback', async () => {
    const h = setup()
    h.answer(`?state=${state}`)
    await rejectsWith(h.pending, 'invalid_callback')
    h.cleanedUp()
  })

  it('popup_closed when the user closes the popup, and the hellos stop', async () => {
    const h = setup()
    await vi.advanceTimersByTimeAsync(500)
    h.popup.closed = true
    await vi.advanceTimersByTimeAsync(1_000)
    await rejectsWith(h.pending, 'popup_closed')
    h.cleanedUp()
    const hellos = h.popup.postMessage.mock.calls.length
    await vi.advanceTimersByTimeAsync(2_000)
    expect(h.popup.postMessage).toHaveBeenCalledTimes(hellos)
  })

  it('timeout when no answer comes in time', async () => {
    const h = setup(3_000)
    await vi.advanceTimersByTimeAsync(2_999)
    expect(await Promise.race([h.outcome, Promise.resolve('waiting')])).toBe('waiting')
    await vi.advanceTimersByTimeAsync(1)
    await rejectsWith(h.pending, 'timeout')
    h.cleanedUp()
  })

  it('times out after 10 minutes by default', async () => {
    const w = fakeWindow()
    const popup = fakePopup()
    const pending = versoriHandshake(asWindow(w), asWindow(popup), { origin: versori, state })
    const outcome = pending.catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(600_000)
    await rejectsWith(
      outcome.then((e) => Promise.reject(e)),
      'timeout',
    )
    expect(vi.getTimerCount()).toBe(0)
  })
})
