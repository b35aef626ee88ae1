import { cleanup, renderHook, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { envoyHarness, settle } from './__tests__/envoyHarness.js'
import { doorwayKeys } from './doorwayKeys.js'
import { rhombusEnvoyLocationsQueryOptions } from './rhombusEnvoyLocationsQueryOptions.js'
import { useEnvoyConnection } from './useEnvoyConnection.js'
import { useRhombusEnvoyLocations } from './useRhombusEnvoyLocations.js'

beforeEach(() => {
  sessionStorage.clear()
})
afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
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
