import { DoorwayError } from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { fakeClient, signedIn } from './__tests__/fakeClient.js'
import { configQueryOptions } from './configQueryOptions.js'
import { doorwayKeys } from './doorwayKeys.js'
import { sessionQueryOptions } from './sessionQueryOptions.js'

type Retry = (failureCount: number, error: DoorwayError) => boolean

describe('sessionQueryOptions', () => {
  it('reads the session with the client under doorwayKeys.session, for prefetching', async () => {
    const { fake, client } = fakeClient(signedIn)
    const queryClient = new QueryClient()
    const options = sessionQueryOptions(client)
    expect(options.queryKey).toEqual(doorwayKeys.session)
    await queryClient.prefetchQuery(options)
    expect(fake.getSession).toHaveBeenCalledTimes(1)
    expect(queryClient.getQueryData(options.queryKey)).toEqual(signedIn)
    await queryClient.prefetchQuery(options)
    expect(fake.getSession).toHaveBeenCalledTimes(1)
  })

  it('does not retry answers the BFF gave on purpose (4xx), retries network failures twice', () => {
    const retry = sessionQueryOptions(fakeClient().client).retry as Retry
    expect(retry(0, new DoorwayError('unauthenticated', undefined, { status: 401 }))).toBe(false)
    expect(retry(0, new DoorwayError('forbidden_origin', undefined, { status: 403 }))).toBe(false)
    expect(retry(0, new DoorwayError('network_error'))).toBe(true)
    expect(retry(1, new DoorwayError('upstream_unavailable', undefined, { status: 503 }))).toBe(
      true,
    )
    expect(retry(2, new DoorwayError('network_error'))).toBe(false)
  })

  it('a failed read is not read again by a mount, focus or reconnect (disabled until a read succeeds)', async () => {
    const { fake, client } = fakeClient()
    fake.getSession.mockRejectedValue(
      new DoorwayError('invalid_response', undefined, { status: 200 }),
    )
    const queryClient = new QueryClient()
    const options = sessionQueryOptions(client)
    await queryClient.prefetchQuery(options)
    const query = queryClient.getQueryCache().find({ queryKey: options.queryKey })!
    expect(query.state.status).toBe('error')
    const enabled = options.enabled as unknown as (q: typeof query) => boolean
    expect(enabled(query)).toBe(false)
    queryClient.setQueryData(options.queryKey, signedIn)
    expect(enabled(query)).toBe(true)
  })

  it('keeps the session fresh for a while, so every hook shares one read', () => {
    expect(sessionQueryOptions(fakeClient().client).staleTime).toBeGreaterThanOrEqual(10_000)
  })
})

describe('configQueryOptions', () => {
  it('reads the public config under doorwayKeys.config', async () => {
    const { fake, client } = fakeClient()
    const queryClient = new QueryClient()
    const data = await queryClient.fetchQuery(configQueryOptions(client))
    expect(data).toEqual({ providers: {} })
    expect(fake.getConfig).toHaveBeenCalledTimes(1)
    expect(queryClient.getQueryData(doorwayKeys.config)).toEqual(data)
  })
})
