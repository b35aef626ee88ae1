import type { RhombusApiKey } from '@doorway/core'
import { DoorwayError } from '@doorway/core'
import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { signedIn, signedOut } from './__tests__/fakeClient.js'
import { useRhombusApiKeys } from './useRhombusApiKeys.js'

afterEach(cleanup)

/** The BFF's api-keys routes in memory, behind the fake client's `request`. */
function setup(session = signedIn) {
  const harness = doorwayHarness(session)
  const fake = harness
  const keys: RhombusApiKey[] = []
  fake.fake.request.mockImplementation(async (...args: unknown[]) => {
    const [method, path, body] = args as [string, string, { displayName?: string }]
    if (method === 'GET') return { apiKeys: [...keys] }
    if (method === 'POST') {
      if (!body.displayName) throw new DoorwayError('bad_request', 'displayName is required.')
      const key = {
        id: `k${keys.length + 1}`,
        displayName: body.displayName,
        createdAt: 1,
        partner: false,
      }
      keys.push(key)
      return key
    }
    const index = keys.findIndex((k) => path.endsWith(`/${k.id}`))
    if (index < 0) throw new DoorwayError('not_found', 'No such key.')
    keys.splice(index, 1)
    return { deleted: true }
  })
  return {
    ...harness,
    keys,
    ...renderHook(() => useRhombusApiKeys(), { wrapper: harness.wrapper }),
  }
}

describe('useRhombusApiKeys', () => {
  it('lists, creates and removes, reading the list again after each change', async () => {
    const { result, fake } = setup()
    await waitFor(() => expect(result.current.query.data).toEqual([]))
    act(() => result.current.create('Nightly export'))
    await waitFor(() =>
      expect(result.current.query.data).toEqual([
        { id: 'k1', displayName: 'Nightly export', createdAt: 1, partner: false },
      ]),
    )
    expect(fake.request).toHaveBeenCalledWith('POST', '/rhombus/api-keys', {
      displayName: 'Nightly export',
    })
    act(() => result.current.remove('k1'))
    await waitFor(() => expect(result.current.query.data).toEqual([]))
    expect(fake.request).toHaveBeenCalledWith('DELETE', '/rhombus/api-keys/k1')
    expect(result.current.error).toBeNull()
  })

  it('keeps a failed create as a typed error, never thrown', async () => {
    const { result } = setup()
    await waitFor(() => expect(result.current.query.isSuccess).toBe(true))
    act(() => result.current.create(''))
    await waitFor(() => expect(result.current.error?.code).toBe('bad_request'))
    expect(result.current.error).toBeInstanceOf(DoorwayError)
    expect(result.current.query.data).toEqual([])
  })

  it('reads nothing while signed out', async () => {
    const { result, fake } = setup(signedOut)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(result.current.query.fetchStatus).toBe('idle')
    expect(fake.request).not.toHaveBeenCalled()
  })
})
