import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { envoyHarness, settle } from './__tests__/envoyHarness.js'
import { doorwayKeys } from './doorwayKeys.js'
import { envoyConnectionQueryOptions } from './envoyConnectionQueryOptions.js'
import { envoyQueryOptions } from './envoyQueryOptions.js'
import { useEnvoyConnect } from './useEnvoyConnect.js'
import { useEnvoyQuery } from './useEnvoyQuery.js'

beforeEach(() => {
  sessionStorage.clear()
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const apiCalls = (h: ReturnType<typeof envoyHarness>) =>
  h.calls.filter((c) => c.url.startsWith('/bff/envoy/api/'))

describe('useEnvoyQuery', () => {
  it('does not call the Envoy API until the direct connection is connected', async () => {
    const h = envoyHarness()
    const { result } = renderHook(
      () => ({
        envoy: useEnvoyConnect({ via: 'direct' }),
        locations: useEnvoyQuery('/v1/locations'),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.envoy.isLoading).toBe(false))
    await settle()
    expect(apiCalls(h)).toHaveLength(0)
    expect(result.current.locations.fetchStatus).toBe('idle')

    act(() => result.current.envoy.connect())
    await waitFor(() => expect(h.popup.location.replace).toHaveBeenCalled())
    h.callback('envoy', `code=c&state=${h.popupState()}`)
    await waitFor(() =>
      expect(result.current.locations.data).toEqual({
        data: [{ id: '1', attributes: { name: 'Headquarters' } }],
      }),
    )
    expect(apiCalls(h).map((c) => [c.method, c.url])).toEqual([
      ['GET', '/bff/envoy/api/v1/locations'],
    ])
  })

  it('envoy_disconnected (a revoked refresh token) flips the connection to disconnected, with the error shown', async () => {
    const h = envoyHarness({
      overrides: {
        'GET /bff/envoy/api/v1/locations': () =>
          new Response(JSON.stringify({ code: 'envoy_disconnected', status: 401 }), {
            status: 401,
            headers: { 'content-type': 'application/problem+json' },
          }),
      },
    })
    h.connected('direct')
    const { result } = renderHook(
      () => ({
        envoy: useEnvoyConnect({ via: 'direct' }),
        locations: useEnvoyQuery('/v1/locations'),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(result.current.locations.error?.code).toBe('envoy_disconnected'))
    await waitFor(() => expect(result.current.envoy.connection?.status).toBe('disconnected'))
    expect(result.current.envoy.status).toBe('error')
    expect(result.current.envoy.error?.code).toBe('envoy_disconnected')
    // 401 is final: no retry.
    expect(apiCalls(h)).toHaveLength(1)
  })
})

describe('Envoy query options', () => {
  it('are keyed under doorwayKeys.envoy and call the BFF', async () => {
    const h = envoyHarness()
    const connection = envoyConnectionQueryOptions(h.client, 'rhombus')
    expect(connection.queryKey).toEqual(['doorway', 'user', 'envoy', 'connection', 'rhombus'])
    await expect(h.queryClient.fetchQuery(connection)).resolves.toEqual({
      status: 'disconnected',
      via: 'rhombus',
    })
    const api = envoyQueryOptions(h.client, '/v1/locations')
    expect(api.queryKey).toEqual(doorwayKeys.envoy('api', '/v1/locations'))
    h.connected('direct')
    await expect(h.queryClient.fetchQuery(api)).resolves.toMatchObject({ data: [{ id: '1' }] })
    expect(h.calls.map((c) => c.url)).toEqual([
      '/bff/envoy/connection?via=rhombus',
      '/bff/envoy/api/v1/locations',
    ])
  })
})
