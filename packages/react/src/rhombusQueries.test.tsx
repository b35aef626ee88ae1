import { DoorwayError, type RhombusApiKey, type RhombusPartnerClient } from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { doorwayHarness } from './__tests__/doorwayHarness.js'
import { fakeClient, signedIn, signedOut } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import {
  partnerClientsQueryOptions,
  rhombusApiKeysQueryOptions,
  rhombusQueryOptions,
  usePartnerClients,
  useRhombusApiKeys,
  useRhombusQuery,
} from './rhombusQueries.js'

afterEach(cleanup)

describe('rhombusQueryOptions', () => {
  it('calls client.rhombus.request with path, body and the query signal, under doorwayKeys.rhombus', async () => {
    const { fake, client } = fakeClient()
    fake.rhombus.request.mockResolvedValue({ users: [] })
    const queryClient = new QueryClient()
    const options = rhombusQueryOptions(client, '/user/getUsersInOrg', { page: 1 })
    expect(options.queryKey).toEqual(doorwayKeys.rhombus('/user/getUsersInOrg', { page: 1 }))
    await expect(queryClient.fetchQuery(options)).resolves.toEqual({ users: [] })
    expect(fake.rhombus.request).toHaveBeenCalledExactlyOnceWith(
      '/user/getUsersInOrg',
      { page: 1 },
      { signal: expect.any(AbortSignal) },
    )
  })
})

describe('rhombusApiKeysQueryOptions', () => {
  it("lists the user's keys from the BFF, under doorwayKeys.rhombusApiKeys (user data)", async () => {
    const { fake, client } = fakeClient()
    const keys = [{ id: 'k1', displayName: 'Nightly', createdAt: 1, partner: false }]
    fake.request.mockResolvedValue({ apiKeys: keys })
    const queryClient = new QueryClient()
    const options = rhombusApiKeysQueryOptions(client)
    expect(options.queryKey).toEqual(doorwayKeys.rhombusApiKeys)
    expect(options.queryKey.slice(0, 2)).toEqual(doorwayKeys.user)
    await expect(queryClient.fetchQuery(options)).resolves.toEqual(keys)
    expect(fake.request).toHaveBeenCalledExactlyOnceWith(
      'GET',
      '/rhombus/api-keys',
      undefined,
      expect.any(AbortSignal),
    )
  })
})

/** Lets react-query's batched notifications (a macrotask) and the re-render they cause run. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)))

describe('useRhombusQuery', () => {
  it('does not call the API while signed out, and does once signed in', async () => {
    const { fake, wrapper, emit, queryClient } = doorwayHarness(signedOut)
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
    const { fake, wrapper, queryClient } = doorwayHarness(signedIn)
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

/** The BFF's api-keys routes in memory, behind the fake client's `request`. */
function keysSetup(session = signedIn) {
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
    const { result, fake } = keysSetup()
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
    const { result } = keysSetup()
    await waitFor(() => expect(result.current.query.isSuccess).toBe(true))
    act(() => result.current.create(''))
    await waitFor(() => expect(result.current.error?.code).toBe('bad_request'))
    expect(result.current.error).toBeInstanceOf(DoorwayError)
    expect(result.current.query.data).toEqual([])
  })

  it('reads nothing while signed out', async () => {
    const { result, fake } = keysSetup(signedOut)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(result.current.query.fetchStatus).toBe('idle')
    expect(fake.request).not.toHaveBeenCalled()
  })
})

const clients: RhombusPartnerClient[] = [
  { clientOrgUuid: 'org-a', clientOrgName: 'Acme', clientAccessAllowed: true },
  { clientOrgUuid: 'org-b', clientOrgName: 'Bolt', clientAccessAllowed: false },
]

function clientsSetup(session = signedIn, answer: () => unknown = () => ({ clients })) {
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
    const { result, fake } = clientsSetup()
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
      const { result, fake, unmount } = clientsSetup(session)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(result.current.fetchStatus).toBe('idle')
      expect(result.current.data).toBeUndefined()
      expect(partnerCalls(fake.request)).toHaveLength(0)
      unmount()
    }
  })

  it('is user data: keyed under doorwayKeys.user, and gone with a sign-out', async () => {
    const { result, queryClient, emit, client } = clientsSetup()
    const { queryKey } = partnerClientsQueryOptions(client)
    expect(queryKey.slice(0, doorwayKeys.user.length)).toEqual([...doorwayKeys.user])
    expect(queryKey.slice(0, doorwayKeys.rhombus().length)).toEqual([...doorwayKeys.rhombus()])
    await waitFor(() => expect(result.current.data).toEqual(clients))
    act(() => emit(signedOut))
    await waitFor(() => expect(queryClient.getQueryData(queryKey)).toBeUndefined())
    expect(result.current.data).toBeUndefined()
  })

  it('keeps a refusal as a typed error, not retried', async () => {
    const { result } = clientsSetup(signedIn, () => {
      throw new DoorwayError('forbidden', 'Partner sessions only.', { status: 403 })
    })
    await waitFor(() => expect(result.current.error?.code).toBe('forbidden'))
    expect(result.current.error).toBeInstanceOf(DoorwayError)
    expect(result.current.failureCount).toBe(1)
  })
})
