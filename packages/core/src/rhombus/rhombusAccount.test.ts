import { describe, expect, it } from 'vitest'
import { fakeFetch, json } from '../__tests__/fakes.js'
import { createDoorwayClient } from '../doorwayClient.js'
import { DoorwayError } from '../errors.js'
import {
  createRhombusApiKey,
  deleteRhombusApiKey,
  listPartnerClients,
  listRhombusApiKeys,
} from './rhombusAccount.js'

const key = {
  id: '01JD0000000000000000000000',
  displayName: 'Nightly',
  createdAt: 1,
  partner: false,
}

describe('Rhombus API keys through the BFF', () => {
  it('list, create and delete call the BFF routes with the CSRF header', async () => {
    const { fetch, calls } = fakeFetch((_url, init) => {
      if (init.method === 'GET') return json({ apiKeys: [key] })
      if (init.method === 'POST') return json(key, 201)
      return json({ deleted: true })
    })
    const client = createDoorwayClient({ fetch })
    expect(await listRhombusApiKeys(client)).toEqual([key])
    expect(await createRhombusApiKey(client, 'Nightly')).toEqual(key)
    await expect(deleteRhombusApiKey(client, 'a/b?c')).resolves.toBeUndefined()
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/bff/rhombus/api-keys', null],
      ['POST', '/bff/rhombus/api-keys', { displayName: 'Nightly' }],
      ['DELETE', '/bff/rhombus/api-keys/a%2Fb%3Fc', null],
    ])
    expect(calls.every((c) => c.headers['x-doorway-csrf'] === '1')).toBe(true)
  })

  it('a problem answer rejects with its typed code', async () => {
    const { fetch } = fakeFetch(() =>
      json({ code: 'not_found', status: 404, detail: 'No such key.' }, 404),
    )
    const error = await deleteRhombusApiKey(createDoorwayClient({ fetch }), 'x').catch((e) => e)
    expect(error).toBeInstanceOf(DoorwayError)
    expect(error).toMatchObject({ code: 'not_found', status: 404, message: 'No such key.' })
  })
})

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
