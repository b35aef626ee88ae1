import { cleanup, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeClient } from './__tests__/fakeClient.js'
import { DoorwayProvider } from './DoorwayProvider.js'
import { useDoorwayClient } from './useDoorwayClient.js'
import { useRhombusLogin } from './useRhombusLogin.js'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

describe('useDoorwayClient', () => {
  it('throws without a provider, with a message saying to wrap the app in <DoorwayProvider>', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useDoorwayClient())).toThrow(
      '@doorway/react: Wrap your app in <DoorwayProvider baseUrl="/bff">.',
    )
    expect(() => renderHook(() => useRhombusLogin())).toThrow(/Wrap your app in <DoorwayProvider/)
  })

  it('returns the client given to the provider', () => {
    const { client } = fakeClient()
    const wrapper = ({ children }: { children: ReactNode }) => (
      <DoorwayProvider client={client}>{children}</DoorwayProvider>
    )
    const { result } = renderHook(() => useDoorwayClient(), { wrapper })
    expect(result.current).toBe(client)
  })
})
