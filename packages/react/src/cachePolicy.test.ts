import { DoorwayError, type EnvoyConnection, envoyChanges } from '@doorway/core'
import { QueryClient } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deferred, fakeClient, signedIn, signedOut } from './__tests__/fakeClient.js'
import {
  applyEnvoyConnection,
  applySession,
  subscribeCachePolicy,
  subscribeEnvoyChanges,
  track,
} from './cachePolicy.js'
import { doorwayKeys } from './doorwayKeys.js'

afterEach(() => {
  vi.restoreAllMocks()
})

const users = doorwayKeys.rhombus('/user/getUsersInOrg', {})
const apiKeys = doorwayKeys.rhombusApiKeys
const direct = doorwayKeys.envoy('connection', 'direct')
const locations = doorwayKeys.envoy('api', '/v1/locations')
const connected: EnvoyConnection = { status: 'connected', via: 'direct' }
const other = { ...signedIn, user: { id: 'u2', email: 'grace@example.com' } }

/** A QueryClient holding a signed-in user's session, Rhombus and Envoy data. */
function withUserData() {
  const queryClient = new QueryClient()
  queryClient.setQueryData(doorwayKeys.session, signedIn)
  queryClient.setQueryData(doorwayKeys.config, { providers: {} })
  queryClient.setQueryData(users, { users: ['of u1'] })
  queryClient.setQueryData(apiKeys, [{ id: 'k1' }])
  queryClient.setQueryData(direct, connected)
  queryClient.setQueryData(locations, { data: ['HQ'] })
  return queryClient
}

const failedConnect = (queryClient: QueryClient) => {
  track(queryClient, doorwayKeys.envoy('connect', 'direct'), () =>
    Promise.reject(new DoorwayError('access_denied')),
  )
  return vi.waitFor(() =>
    expect(queryClient.getMutationCache().getAll()[0]?.state.status).toBe('error'),
  )
}

describe('cache policy: a session change (a QueryClient alone, no React)', () => {
  it('a sign-in stores the session; the config and the user data are not touched', async () => {
    const queryClient = new QueryClient()
    queryClient.setQueryData(doorwayKeys.session, signedOut)
    queryClient.setQueryData(doorwayKeys.config, { providers: {} })
    await applySession(queryClient, Promise.resolve(signedIn))
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedIn)
    expect(queryClient.getQueryData(doorwayKeys.config)).toEqual({ providers: {} })
  })

  it('a sign-out drops every query and Envoy mutation of the user, keeps the config', async () => {
    const queryClient = withUserData()
    await failedConnect(queryClient)
    await applySession(queryClient, signedOut)
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedOut)
    for (const key of [users, apiKeys, direct, locations]) {
      expect(queryClient.getQueryCache().find({ queryKey: key })).toBeUndefined()
    }
    expect(queryClient.getMutationCache().getAll()).toHaveLength(0)
    expect(queryClient.getQueryData(doorwayKeys.config)).toEqual({ providers: {} })
  })

  it('a sign-out keeps the sign-in and sign-out mutations (their errors are the session’s)', async () => {
    const queryClient = withUserData()
    track(queryClient, doorwayKeys.signIn, () => Promise.reject(new DoorwayError('timeout')))
    await vi.waitFor(() =>
      expect(queryClient.getMutationCache().getAll()[0]?.state.status).toBe('error'),
    )
    await applySession(queryClient, signedOut)
    expect(
      queryClient.getMutationCache().findAll({ mutationKey: doorwayKeys.signIn }),
    ).toHaveLength(1)
  })

  it('an expiry is a sign-out', async () => {
    const queryClient = withUserData()
    await applySession(queryClient, { authenticated: false, expired: true })
    expect(queryClient.getQueryData(users)).toBeUndefined()
    expect(queryClient.getQueryData(direct)).toBeUndefined()
  })

  it('another user: the user data is reset (read again), not kept', async () => {
    const queryClient = withUserData()
    await applySession(queryClient, other)
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(other)
    for (const key of [users, apiKeys, direct, locations]) {
      // Reset to its initial state: no data until read again, the query itself still there.
      expect(queryClient.getQueryCache().find({ queryKey: key })).toBeDefined()
      expect(queryClient.getQueryData(key)).toBeUndefined()
    }
  })

  it('the same user again (a refresh, another tab): the user data stays', async () => {
    const queryClient = withUserData()
    await applySession(queryClient, { ...signedIn, expiresAt: signedIn.expiresAt! + 1 })
    expect(queryClient.getQueryData(users)).toEqual({ users: ['of u1'] })
    expect(queryClient.getQueryData(direct)).toEqual(connected)
  })

  it('a session read started before the change does not overwrite it', async () => {
    const queryClient = new QueryClient()
    const read = deferred<typeof signedOut>()
    const stale = queryClient.fetchQuery({
      queryKey: doorwayKeys.session,
      queryFn: () => read.promise,
    })
    await applySession(queryClient, signedIn)
    read.resolve(signedOut)
    await stale.catch(() => {})
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedIn)
  })

  it('nothing (a redirect that left the page, an Envoy callback) changes nothing', async () => {
    const queryClient = withUserData()
    await applySession(queryClient, Promise.resolve(undefined))
    await applySession(queryClient, null)
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedIn)
    expect(queryClient.getQueryData(users)).toEqual({ users: ['of u1'] })
  })

  it('a failed session read ends with the next session change (a broadcast)', async () => {
    const queryClient = new QueryClient()
    await queryClient
      .fetchQuery({
        queryKey: doorwayKeys.session,
        queryFn: () => Promise.reject(new DoorwayError('network_error')),
      })
      .catch(() => {})
    expect(queryClient.getQueryState(doorwayKeys.session)?.error).toBeInstanceOf(DoorwayError)
    await applySession(queryClient, signedOut)
    expect(queryClient.getQueryState(doorwayKeys.session)).toMatchObject({
      status: 'success',
      error: null,
      data: signedOut,
    })
  })

  it('subscribeCachePolicy applies every change the client reports, until unsubscribed', async () => {
    const queryClient = withUserData()
    const { emit, listeners, client } = fakeClient(signedIn)
    const off = subscribeCachePolicy(client, queryClient)
    expect(listeners.size).toBe(1)
    emit(signedOut)
    await vi.waitFor(() => expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedOut))
    expect(queryClient.getQueryData(users)).toBeUndefined()
    off()
    expect(listeners.size).toBe(0)
    emit(signedIn)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(queryClient.getQueryData(doorwayKeys.session)).toEqual(signedOut)
  })
})

describe('cache policy: an Envoy change (a QueryClient alone, no React)', () => {
  it("stores the way's connection; a new direct connection reads Envoy API data again", async () => {
    const queryClient = withUserData()
    queryClient.setQueryData(direct, { status: 'disconnected', via: 'direct' })
    await applyEnvoyConnection(queryClient, connected)
    expect(queryClient.getQueryData(direct)).toEqual(connected)
    expect(queryClient.getQueryState(locations)?.isInvalidated).toBe(true)
  })

  it('another way, or a disconnection, leaves Envoy API data alone', async () => {
    const queryClient = withUserData()
    const rhombus: EnvoyConnection = { status: 'connected', via: 'rhombus' }
    await applyEnvoyConnection(queryClient, rhombus)
    await applyEnvoyConnection(queryClient, { status: 'disconnected', via: 'direct' })
    expect(queryClient.getQueryData(doorwayKeys.envoy('connection', 'rhombus'))).toEqual(rhombus)
    expect(queryClient.getQueryData(direct)).toEqual({ status: 'disconnected', via: 'direct' })
    expect(queryClient.getQueryState(locations)?.isInvalidated).toBe(false)
  })

  it('is subscribed once per QueryClient however many hooks ask, and hears envoyChanges', async () => {
    const subscribe = vi.spyOn(envoyChanges, 'subscribe')
    const queryClient = new QueryClient()
    const offs = [1, 2, 3].map(() => subscribeEnvoyChanges(queryClient))
    expect(subscribe).toHaveBeenCalledTimes(1)
    envoyChanges.emit(connected)
    await vi.waitFor(() => expect(queryClient.getQueryData(direct)).toEqual(connected))
    offs[0]?.()
    offs[1]?.()
    envoyChanges.emit({ status: 'disconnected', via: 'direct' })
    await vi.waitFor(() =>
      expect(queryClient.getQueryData(direct)).toMatchObject({ status: 'disconnected' }),
    )
    offs[2]?.()
    envoyChanges.emit(connected)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(queryClient.getQueryData(direct)).toMatchObject({ status: 'disconnected' })
    // Another QueryClient has its own.
    const off = subscribeEnvoyChanges(new QueryClient())
    expect(subscribe).toHaveBeenCalledTimes(2)
    off()
  })
})
