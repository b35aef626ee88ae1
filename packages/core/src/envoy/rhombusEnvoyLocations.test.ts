import { describe, expect, it } from 'vitest'
import { fakeFetch, json } from '../__tests__/fakes.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import { listRhombusEnvoyLocations } from './rhombusEnvoyLocations.js'

const locations = [
  { id: '101', name: 'Head office' },
  { id: '102', name: 'Warehouse' },
]

describe('listRhombusEnvoyLocations', () => {
  it('reads GET /bff/envoy/rhombus/locations and answers its locations', async () => {
    const { fetch, calls } = fakeFetch(() => json({ locations }))
    expect(await listRhombusEnvoyLocations(createDoorwayClient({ fetch }))).toEqual(locations)
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/bff/envoy/rhombus/locations', null],
    ])
    expect(calls[0]?.headers['x-doorway-csrf']).toBe('1')
  })

  it('passes the abort signal to fetch', async () => {
    let seen: AbortSignal | null | undefined
    const { fetch } = fakeFetch((_url, init) => {
      seen = init.signal
      return json({ locations: [] })
    })
    const controller = new AbortController()
    const client = createDoorwayClient({ fetch })
    expect(await listRhombusEnvoyLocations(client, controller.signal)).toEqual([])
    controller.abort()
    expect(seen?.aborted).toBe(true)
  })

  it('an integration Rhombus no longer authorises rejects as envoy_disconnected', async () => {
    const { fetch } = fakeFetch(() =>
      json({ code: 'envoy_disconnected', status: 401, detail: 'Reconnect Envoy.' }, 401),
    )
    const error = await listRhombusEnvoyLocations(createDoorwayClient({ fetch })).catch((e) => e)
    expect(error).toBeInstanceOf(DoorwayError)
    expect(error).toMatchObject({ code: 'envoy_disconnected', status: 401 })
  })
})
