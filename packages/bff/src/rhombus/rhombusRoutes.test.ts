import { describe, expect, it } from 'vitest'
import { bffRequest, type Responder, sessionCookie, testBff } from '../__tests__/bffTestKit.js'
import { parsePartnerClients } from './rhombusApi.js'

const clients = [
  {
    clientOrgUuid: 'org-client-1',
    clientOrgName: 'Acme',
    clientAccessAllowed: true,
    clientAccountAccessUrl: 'https://console.test/org/org-client-1',
    authorityUuid: 'org-msp',
    createdAtMillis: 1,
  },
  { clientOrgUuid: 'org-client-2', clientOrgName: 'Beta', clientAccessAllowed: false },
]

async function partnerBff(respond: Responder, isPartner = true) {
  const bff = testBff({ respond })
  const cookie = await sessionCookie(bff.store, 'partner-user', { isPartner })
  const list = (options: { cookie?: string } = { cookie }) =>
    bff.app.request(bffRequest('GET', '/bff/rhombus/partner/clients', options))
  return { ...bff, cookie, list }
}

describe('GET /rhombus/partner/clients', () => {
  it("lists the partner's client orgs from getClientsV2 {} with the partner scheme, pinned", async () => {
    const { list, calls } = await partnerBff(() =>
      Response.json({ error: false, errorMsg: null, warningMsg: null, clients }),
    )
    const response = await list()
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      clients: [
        { clientOrgUuid: 'org-client-1', clientOrgName: 'Acme', clientAccessAllowed: true },
        { clientOrgUuid: 'org-client-2', clientOrgName: 'Beta', clientAccessAllowed: false },
      ],
    })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.method).toBe('POST')
    expect(calls[0]?.url).toBe('https://api.test/api/partner/getClientsV2')
    expect(calls[0]?.headers).toEqual({
      'content-type': 'application/json',
      accept: 'application/json',
      'x-auth-scheme': 'partner-api-oauth-token',
      'x-auth-access-token': 'at-SECRET-session',
    })
    expect(calls[0]?.body).toBe('{}')
  })

  it('a standard session is 403 forbidden, before any call', async () => {
    const { list, calls } = await partnerBff(() => Response.json({ clients }), false)
    const response = await list()
    expect(response.status).toBe(403)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    expect(await response.json()).toMatchObject({
      code: 'forbidden',
      detail: expect.stringMatching(/partner/),
    })
    expect(calls).toEqual([])
  })

  it('no session is 401 unauthenticated, before any call', async () => {
    const { list, calls } = await partnerBff(() => Response.json({ clients }))
    const response = await list({})
    expect(response.status).toBe(401)
    expect((await response.json()).code).toBe('unauthenticated')
    expect(calls).toEqual([])
  })

  it.each([
    ['no clients array', Response.json({ error: false }), 'invalid_response'],
    [
      "the sandbox's old {uuid, name}",
      Response.json({ clients: [{ uuid: 'o', name: 'n' }] }),
      'invalid_response',
    ],
    ['error: true under 200', Response.json({ error: true, errorMsg: 'nope' }), 'upstream_error'],
    ['a 403', Response.json({ error: true, errorMsg: 'no' }, { status: 403 }), 'upstream_error'],
    ['a 500', new Response('down', { status: 500 }), 'upstream_unavailable'],
  ] as const)('%s is a typed problem (%s)', async (_, answer, code) => {
    const { list } = await partnerBff(() => answer.clone())
    const response = await list()
    expect(response.status).toBeGreaterThanOrEqual(500)
    expect((await response.json()).code).toBe(code)
  })

  it('wrong methods are 405 with Allow', async () => {
    const { app, cookie } = await partnerBff(() => Response.json({ clients }))
    const response = await app.request(
      bffRequest('POST', '/bff/rhombus/partner/clients', { cookie, body: {} }),
    )
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
  })
})

describe('parsePartnerClients', () => {
  it('keeps the documented fields, never assumes access, and refuses an entry without clientOrgUuid', () => {
    expect(parsePartnerClients({ clients: [{ clientOrgUuid: 'a' }] })).toEqual([
      { clientOrgUuid: 'a', clientOrgName: '', clientAccessAllowed: false },
    ])
    expect(() => parsePartnerClients({ clients: [{ clientOrgName: 'x' }] })).toThrow(
      /clientOrgUuid/,
    )
    expect(() => parsePartnerClients({ clients: {} })).toThrow(/clients array/)
  })
})
