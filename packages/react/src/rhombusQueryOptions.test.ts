import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { fakeClient } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import { rhombusApiKeysQueryOptions, rhombusQueryOptions } from './rhombusQueryOptions.js'

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
