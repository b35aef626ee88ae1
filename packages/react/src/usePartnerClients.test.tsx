import { DoorwayError, type RhombusPartnerClient } from '@doorway/core'
import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { signedIn, signedOut } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import { partnerClientsQueryOptions } from './partnerClientsQueryOptions.js'
import { usePartnerClients } from './usePartnerClients.js'

afterEach(cleanup)

const clients: RhombusPartnerClient[] = [
  { clientOrgUuid: 'org-a', clientOrgName: 'Acme', clientAccessAllowed: true },
  { clientOrgUuid: 'org-b', clientOrgName: 'Bolt', clientAccessAllowed: false },
]

function setup(session = signedIn, answer: () => unknown = () => ({ clients })) {
  const harness = doorwayHarness(session)
  harness.fake.request.mockImplementation(async (...args: unknown[]) => {
    const [method, path] = args as [string, string]
    if (method === 'GET' && path === '/rhombus/partner/clients') return answer()
    throw new DoorwayError('not_found', `No route ${method} ${path}.`)
  })
  return { ...harness, ...renderHook(() => usePartnerClients(), { wrapper: harness.wrapper }) }
}

const partnerCalls = (request: { mock: { calls: unknown[][] } }) =>
  request.mock.calls.filter((call) => call[1] === '/rhombus/partner/clients')

describe('usePartnerClients', () => {
  it("reads a partner session's client orgs from GET /rhombus/partner/clients", async () => {
    const { result, fake } = setup()
    await waitFor(() => expect(result.current.data).toEqual(clients))
    expect(partnerCalls(fake.request)).toHaveLength(1)
    expect(fake.request).toHaveBeenCalledWith(
      'GET',
      '/rhombus/partner/clients',
      undefined,
      expect.any(AbortSignal),
    )
  })

  it('reads nothing for a standard session or while signed out', async () => {
    for (const session of [{ ...signedIn, isPartner: false }, signedOut]) {
      const { result, fake, unmount } = setup(session)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(result.current.fetchStatus).toBe('idle')
      expect(result.current.data).toBeUndefined()
      expect(partnerCalls(fake.request)).toHaveLength(0)
      unmount()
    }
  })

  it('is user data: keyed under doorwayKeys.user, and gone with a sign-out', async () => {
    const { result, queryClient, emit, client } = setup()
    const { queryKey } = partnerClientsQueryOptions(client)
    expect(queryKey.slice(0, doorwayKeys.user.length)).toEqual([...doorwayKeys.user])
    expect(queryKey.slice(0, doorwayKeys.rhombus().length)).toEqual([...doorwayKeys.rhombus()])
    await waitFor(() => expect(result.current.data).toEqual(clients))
    act(() => emit(signedOut))
    await waitFor(() => expect(queryClient.getQueryData(queryKey)).toBeUndefined())
    expect(result.current.data).toBeUndefined()
  })

  it('keeps a refusal as a typed error, not retried', async () => {
    const { result } = setup(signedIn, () => {
      throw new DoorwayError('forbidden', 'Partner sessions only.', { status: 403 })
    })
    await waitFor(() => expect(result.current.error?.code).toBe('forbidden'))
    expect(result.current.error).toBeInstanceOf(DoorwayError)
    expect(result.current.failureCount).toBe(1)
  })
})
