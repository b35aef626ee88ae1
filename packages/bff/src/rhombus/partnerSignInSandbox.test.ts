import {
  completeRhombusAuthorization,
  type RhombusDecision,
  rhombusAccounts,
  type Sandbox,
  startSandbox,
} from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffRequest, cookieOf, redirectUri, testBff, verifier } from '../__tests__/bffTestKit.js'

/** S256 of {@link verifier} (RFC 7636 Appendix B). */
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

/** A BFF whose Rhombus is the sandbox (oauth2 dialect), over the real network. */
function sandboxBff(supportsPartners = true) {
  return testBff({
    fetch: (url, init) => fetch(url, init),
    rhombus: {
      clientId: 'sandbox-client',
      clientSecret: 'sandbox-secret',
      redirectUri,
      consoleUrl: sandbox.rhombus.consoleUrl,
      authUrl: sandbox.rhombus.authWebUrl,
      apiUrl: sandbox.rhombus.apiUrl,
      supportsPartners,
    },
  })
}

/** Plays the user on the sandbox console and returns the authorization code. */
async function authorize(decision: RhombusDecision): Promise<string> {
  const url = new URL(`${sandbox.rhombus.consoleUrl}/oauth/authorize`)
  url.search = new URLSearchParams({
    client_id: 'sandbox-client',
    redirect_uri: redirectUri,
    response_type: 'code',
    state: 'state-0123456789abcdef0123456789abcdef',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString()
  const callback = await completeRhombusAuthorization(url, { decision })
  const code = callback.searchParams.get('code')
  if (code === null) throw new Error(`no code in ${callback.href}`)
  return code
}

async function exchange(app: ReturnType<typeof sandboxBff>['app'], code: string) {
  return app.request(
    bffRequest('POST', '/bff/auth/rhombus/exchange', {
      body: { code, codeVerifier: verifier, redirectUri },
    }),
  )
}

const usersOf = (org: { users: readonly { email: string }[] }) =>
  org.users.map((user) => user.email).sort()

describe('partner accounts against the sandbox (oauth2 dialect)', () => {
  it('a partner sign-in is learned by the probe, and acts for a client org through the proxy', async () => {
    const { app } = sandboxBff()
    sandbox.clearRequests()
    const response = await exchange(app, await authorize('approve_partner'))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ authenticated: true, isPartner: true })
    // Probing never mints a key.
    expect(
      sandbox.requests.some((r: { path: string }) => r.path.includes('submitApiTokenApplication')),
    ).toBe(false)
    const cookie = cookieOf(response)

    const client = rhombusAccounts.partner.clientOrgs[0]
    if (client === undefined) throw new Error('the sandbox partner has no client org')
    const users = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie,
        headers: { 'x-doorway-org': client.uuid },
      }),
    )
    expect(users.status).toBe(200)
    const body = (await users.json()) as { users: { email: string }[] }
    expect(body.users.map((user) => user.email).sort()).toEqual(usersOf(client))

    const own = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', { body: {}, cookie }),
    )
    expect(
      ((await own.json()) as { users: { email: string }[] }).users.map((u) => u.email).sort(),
    ).toEqual(usersOf(rhombusAccounts.partner.org))

    const unknown = await app.request(
      bffRequest('POST', '/bff/rhombus/api/user/getUsersInOrg', {
        body: {},
        cookie,
        headers: { 'x-doorway-org': 'sbxOrgNotAClientOfMine' },
      }),
    )
    expect(unknown.status).toBe(403)
  })

  it('a standard sign-in stays standard, with one probe call', async () => {
    const { app } = sandboxBff()
    const code = await authorize('approve')
    sandbox.clearRequests()
    const response = await exchange(app, code)
    expect(await response.json()).toMatchObject({ authenticated: true, isPartner: false })
    expect(
      sandbox.requests.filter((r: { path: string }) => r.path.endsWith('/getUsersInOrg')),
    ).toHaveLength(1)
  })

  it('with supportsPartners false a partner sign-in is 403 partner_not_supported, no cookie', async () => {
    const { app } = sandboxBff(false)
    const response = await exchange(app, await authorize('approve_partner'))
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
    expect(await response.json()).toMatchObject({ code: 'partner_not_supported' })
  })
})
