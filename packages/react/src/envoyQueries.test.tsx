import { act, cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { envoyHarness, settle } from './__tests__/envoyHarness.js'
import { doorwayKeys } from './doorwayKeys.js'
import {
  envoyConnectionQueryOptions,
  envoyQueryOptions,
  rhombusEnvoyLocationsQueryOptions,
  useEnvoyConnection,
  useEnvoyQuery,
  useRhombusEnvoyLocations,
} from './envoyQueries.js'
import { useEnvoyConnect } from './useEnvoyConnect.js'

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

const locations = [
  { id: '101', name: 'Head office' },
  { id: '102', name: 'Warehouse' },
]
const problem = (code: string, status: number) =>
  new Response(JSON.stringify({ code, status }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  })
const route = '/bff/envoy/rhombus/locations'

function setup(answer: () => Response = () => Response.json({ locations })) {
  const h = envoyHarness({ overrides: { [`GET ${route}`]: answer } })
  const render = () =>
    renderHook(
      () => ({ connection: useEnvoyConnection('rhombus'), locations: useRhombusEnvoyLocations() }),
      { wrapper: h.wrapper },
    )
  const locationCalls = () => h.calls.filter((c) => c.url === route)
  return { h, render, locationCalls }
}

describe('useRhombusEnvoyLocations', () => {
  it('reads nothing while Envoy through Rhombus is disconnected', async () => {
    const { render, locationCalls } = setup()
    const { result } = render()
    await waitFor(() => expect(result.current.connection.query.data?.status).toBe('disconnected'))
    await settle()
    expect(result.current.locations.fetchStatus).toBe('idle')
    expect(locationCalls()).toHaveLength(0)
  })

  it('reads the locations through Rhombus once that way is connected', async () => {
    const { h, render, locationCalls } = setup()
    h.connected('rhombus')
    const { result } = render()
    await waitFor(() => expect(result.current.locations.data).toEqual(locations))
    expect(locationCalls().map((c) => c.method)).toEqual(['GET'])
    const { queryKey } = rhombusEnvoyLocationsQueryOptions(h.client)
    expect(queryKey.slice(0, doorwayKeys.envoy().length)).toEqual([...doorwayKeys.envoy()])
    expect(h.queryClient.getQueryData(queryKey)).toEqual(locations)
  })

  it('envoy_disconnected flips the Rhombus way to disconnected, with the error kept', async () => {
    const { h, render } = setup(() => problem('envoy_disconnected', 401))
    h.connected('rhombus')
    const { result } = render()
    await waitFor(() => expect(result.current.locations.error?.code).toBe('envoy_disconnected'))
    await waitFor(() =>
      expect(result.current.connection.query.data).toMatchObject({
        status: 'disconnected',
        via: 'rhombus',
        reason: 'revoked',
      }),
    )
  })

  it('a user of another organisation gets the typed forbidden error, the connection untouched', async () => {
    const { h, render, locationCalls } = setup(() => problem('forbidden', 403))
    h.connected('rhombus')
    const { result } = render()
    await waitFor(() => expect(result.current.locations.error?.code).toBe('forbidden'))
    expect(locationCalls()).toHaveLength(1)
    expect(result.current.connection.query.data?.status).toBe('connected')
  })
})
