import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { signedIn, signedOut } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import { useRhombusQuery } from './useRhombusQuery.js'

afterEach(cleanup)

/** Lets react-query's batched notifications (a macrotask) and the re-render they cause run. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)))

const setup = doorwayHarness

describe('useRhombusQuery', () => {
  it('does not call the API while signed out, and does once signed in', async () => {
    const { fake, wrapper, emit, queryClient } = setup(signedOut)
    fake.rhombus.request.mockResolvedValue({ users: [{ email: 'ada@example.com' }] })
    const { result } = renderHook(() => useRhombusQuery('/user/getUsersInOrg', {}), { wrapper })
    await waitFor(() => expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedOut))
    await settle()
    expect(fake.rhombus.request).not.toHaveBeenCalled()
    expect(result.current.fetchStatus).toBe('idle')

    act(() => emit(signedIn))
    await waitFor(() =>
      expect(result.current.data).toEqual({ users: [{ email: 'ada@example.com' }] }),
    )
    expect(fake.rhombus.request).toHaveBeenCalledExactlyOnceWith(
      '/user/getUsersInOrg',
      {},
      {
        signal: expect.any(AbortSignal),
      },
    )
    expect(queryClient.getQueryData(doorwayKeys.rhombus('/user/getUsersInOrg', {}))).toEqual(
      result.current.data,
    )
  })

  it('an enabled option can only narrow, and select shapes the data', async () => {
    const { fake, wrapper, queryClient } = setup(signedIn)
    fake.rhombus.request.mockResolvedValue({ users: [1, 2, 3] })
    const { result, rerender } = renderHook(
      ({ enabled }) =>
        useRhombusQuery<{ users: number[] }, number>('/user/getUsersInOrg', undefined, {
          enabled,
          select: (data) => data.users.length,
        }),
      { wrapper, initialProps: { enabled: false } },
    )
    await waitFor(() => expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedIn))
    await settle()
    expect(fake.rhombus.request).not.toHaveBeenCalled()
    rerender({ enabled: true })
    await waitFor(() => expect(result.current.data).toBe(3))
  })
})
