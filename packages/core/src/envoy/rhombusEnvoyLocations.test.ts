import { describe, expect, it } from 'vitest'
import { fakeFetch, json } from '../__tests__/fakes.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import type { EnvoyConnection } from './EnvoyConnection.js'
import { envoyChanges } from './envoyChanges.js'
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

  it('an integration Rhombus no longer authorises rejects as envoy_disconnected, heard first', async () => {
    const heard: EnvoyConnection[] = []
    const off = envoyChanges.subscribe((c) => heard.push(c))
    const { fetch } = fakeFetch(() =>
      json({ code: 'envoy_disconnected', status: 401, detail: 'Reconnect Envoy.' }, 401),
    )
    const error = await listRhombusEnvoyLocations(createDoorwayClient({ fetch })).catch((e) => e)
    off()
    expect(error).toBeInstanceOf(DoorwayError)
    expect(error).toMatchObject({ code: 'envoy_disconnected', status: 401 })
    expect(heard).toEqual([{ status: 'disconnected', via: 'rhombus', reason: 'revoked' }])
  })

  it('another failure rejects with its code and announces no change', async () => {
    const heard: EnvoyConnection[] = []
    const off = envoyChanges.subscribe((c) => heard.push(c))
    const { fetch } = fakeFetch(() => json({ code: 'forbidden', status: 403 }, 403))
    const error = await listRhombusEnvoyLocations(createDoorwayClient({ fetch })).catch((e) => e)
    off()
    expect(error).toMatchObject({ code: 'forbidden', status: 403 })
    expect(heard).toEqual([])
  })
})
