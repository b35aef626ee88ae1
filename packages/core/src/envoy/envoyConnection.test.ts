import { afterEach, describe, expect, it } from 'vitest'
import { connected, envoyBff, problem } from '../__tests__/envoyFakes.js'
import { fakeFetch, json, rejectsWith } from '../__tests__/fakes.js'
import { createBffClient } from '../bffClient.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import type { EnvoyConnection } from '../wire.js'
import {
  disconnectEnvoy,
  envoyChanges,
  envoyConnectionError,
  envoyRequest,
  getEnvoyConnection,
  listRhombusEnvoyLocations,
} from './envoyConnection.js'

const heard: EnvoyConnection[] = []
const off = envoyChanges.subscribe((c) => heard.push(c))
afterEach(() => {
  heard.length = 0
})

describe('envoyRequest', () => {
  it('GETs {baseUrl}/envoy/api<path> with the CSRF header, query kept', async () => {
    const { fetch, calls } = fakeFetch(envoyBff())
    const bff = createBffClient({ fetch })
    await expect(envoyRequest(bff, '/v1/locations')).resolves.toEqual({
      data: [{ id: '1', attributes: { name: 'HQ' } }],
    })
    await envoyRequest(bff, '/v1/locations?page=2&filter[name]=HQ').catch(() => {})
    expect(calls.map((c) => [c.method, c.url, c.headers['x-doorway-csrf'], c.body])).toEqual([
      ['GET', '/bff/envoy/api/v1/locations', '1', null],
      ['GET', '/bff/envoy/api/v1/locations?page=2&filter[name]=HQ', '1', null],
    ])
  })

  it.each([
    '',
    '/',
    'v1/locations',
    '//evil.example/v1',
    'https://evil.example/v1',
    '/v1/../auth/signout',
    '/v1/%2e%2e/x',
    '/v1%2fx',
    '/v1\\x',
    '/v1/locations#x',
    '/v1//x',
  ])('refuses the path %j before any request', async (path) => {
    const { fetch, calls } = fakeFetch(envoyBff())
    await rejectsWith(envoyRequest(createBffClient({ fetch }), path), 'bad_request')
    expect(calls).toHaveLength(0)
  })

  it('envoy_disconnected (a refused refresh) is thrown and heard as the direct connection gone', async () => {
    const { fetch } = fakeFetch(
      envoyBff({ 'GET /bff/envoy/api/v1/locations': () => problem('envoy_disconnected', 401) }),
    )
    const error = await rejectsWith(
      envoyRequest(createBffClient({ fetch }), '/v1/locations'),
      'envoy_disconnected',
    )
    expect(error.status).toBe(401)
    expect(heard).toEqual([{ status: 'disconnected', via: 'direct', reason: 'revoked' }])
  })

  it('other failures are thrown and not heard as a disconnect', async () => {
    const { fetch } = fakeFetch(
      envoyBff({ 'GET /bff/envoy/api/v1/locations': () => problem('upstream_unavailable', 502) }),
    )
    await rejectsWith(
      envoyRequest(createBffClient({ fetch }), '/v1/locations'),
      'upstream_unavailable',
    )
    expect(heard).toEqual([])
  })
})

describe('getEnvoyConnection and disconnectEnvoy', () => {
  it('read GET /envoy/connection?via= and POST /envoy/disconnect {via}; a disconnect is heard', async () => {
    const { fetch, calls } = fakeFetch(envoyBff())
    const bff = createBffClient({ fetch })
    await expect(getEnvoyConnection(bff, 'direct')).resolves.toEqual(connected('direct'))
    await expect(disconnectEnvoy(bff, 'versori')).resolves.toEqual({
      status: 'disconnected',
      via: 'versori',
    })
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/bff/envoy/connection?via=direct', null],
      ['POST', '/bff/envoy/disconnect', { via: 'versori' }],
    ])
    expect(heard).toEqual([{ status: 'disconnected', via: 'versori' }])
  })

  it("through Rhombus the BFF's not_supported is thrown, and nothing is heard", async () => {
    const { fetch } = fakeFetch(
      envoyBff({
        'POST /bff/envoy/disconnect': () => problem('not_supported', 501, 'Use the console.'),
      }),
    )
    const error = await rejectsWith(
      disconnectEnvoy(createBffClient({ fetch }), 'rhombus'),
      'not_supported',
    )
    expect(error.message).toBe('Use the console.')
    expect(heard).toEqual([])
  })
})

describe('envoyChanges', () => {
  it('reach listeners in this tab and, by BroadcastChannel, in the others', async () => {
    const { createBroadcast } = await import('../broadcast.js')
    // Another tab's copy of the same broadcast.
    const otherTab = createBroadcast<EnvoyConnection>('doorway:envoy')
    const there: EnvoyConnection[] = []
    const offThere = otherTab.subscribe((c) => there.push(c))
    envoyChanges.emit(connected('rhombus'))
    expect(heard).toEqual([connected('rhombus')])
    await expect.poll(() => there).toEqual([connected('rhombus')])
    offThere()
    off()
  })
})

describe('envoyConnectionError', () => {
  it('is envoy_disconnected for a connection lost with a reason, else null', () => {
    expect(envoyConnectionError(undefined)).toBeNull()
    expect(envoyConnectionError(connected('direct'))).toBeNull()
    expect(envoyConnectionError({ status: 'disconnected', via: 'direct' })).toBeNull()
    const error = envoyConnectionError({ status: 'disconnected', via: 'direct', reason: 'revoked' })
    expect(error).toMatchObject({ name: 'DoorwayError', code: 'envoy_disconnected' })
    expect(error?.message).toMatch(/revoked/)
    expect(error?.hint).toMatch(/Connect Envoy again/)
  })
})

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
