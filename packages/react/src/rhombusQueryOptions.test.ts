import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { fakeClient } from './__tests__/fakeClient.js'
import { doorwayKeys } from './doorwayKeys.js'
import { rhombusQueryOptions } from './rhombusQueryOptions.js'

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
