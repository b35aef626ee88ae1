import { describe, expect, it } from 'vitest'
import { fakeFetch, json } from '../__tests__/fakes.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import { listPartnerClients } from './rhombusPartnerClients.js'

const clients = [
  { clientOrgUuid: 'org-a', clientOrgName: 'Acme', clientAccessAllowed: true },
  { clientOrgUuid: 'org-b', clientOrgName: 'Bolt', clientAccessAllowed: false },
]

describe('listPartnerClients', () => {
  it('reads GET /bff/rhombus/partner/clients and answers its clients in order', async () => {
    const { fetch, calls } = fakeFetch(() => json({ clients }))
    expect(await listPartnerClients(createDoorwayClient({ fetch }))).toEqual(clients)
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/bff/rhombus/partner/clients', null],
    ])
    expect(calls[0]?.headers['x-doorway-csrf']).toBe('1')
  })

  it('passes the abort signal to fetch', async () => {
    let seen: AbortSignal | null | undefined
    const { fetch } = fakeFetch((_url, init) => {
      seen = init.signal
      return json({ clients: [] })
    })
    const controller = new AbortController()
    expect(await listPartnerClients(createDoorwayClient({ fetch }), controller.signal)).toEqual([])
    controller.abort()
    expect(seen?.aborted).toBe(true)
  })

  it('a standard session is refused with the typed forbidden code', async () => {
    const { fetch } = fakeFetch(() =>
      json({ code: 'forbidden', status: 403, detail: 'Partner sessions only.' }, 403),
    )
    const error = await listPartnerClients(createDoorwayClient({ fetch })).catch((e) => e)
    expect(error).toBeInstanceOf(DoorwayError)
    expect(error).toMatchObject({ code: 'forbidden', status: 403 })
  })
})
