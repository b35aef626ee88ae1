import { describe, expect, it } from 'vitest'
import { rhombusApiKey, sandboxFixture } from '../__tests__/sandboxFixture.js'
import { rhombusAccounts } from './rhombusAccounts.js'
import { rhombusApiErrors as errors, rhombusEnvoyIntegrationErrors } from './rhombusErrorTexts.js'

type Sandbox = ReturnType<typeof sandboxFixture>

async function tokenFor(sandbox: Sandbox, partner = false) {
  const code = await sandbox.code('legacy', partner ? 'approve_partner' : 'approve')
  return (await (await sandbox.legacyToken(code)).json()).accessToken as string
}

async function expectError(response: Response, status: number, errorMsg: string) {
  expect(response.status).toBe(status)
  expect(await response.json()).toEqual({ error: true, errorMsg })
}

function mint(
  sandbox: Sandbox,
  token: string,
  body: unknown = { displayName: 'worker', authType: 'API_TOKEN' },
  { partner = false, scheme }: { partner?: boolean; scheme?: string } = {},
) {
  const path = partner
    ? '/rhombus/api/api/partner/submitApiTokenApplication'
    : '/rhombus/api/api/integrations/org/submitApiTokenApplication'
  return sandbox.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-scheme': scheme ?? (partner ? 'partner-api-oauth-token' : 'api-oauth-token'),
      'x-auth-access-token': token,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

function usersWithKey(sandbox: Sandbox, apiKey: string, extra: Record<string, string> = {}) {
  return sandbox.request('/rhombus/api/api/user/getUsersInOrg', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': apiKey,
      ...extra,
    },
    body: '{}',
  })
}

const emails = async (response: Response) =>
  ((await response.json()).users as { email: string }[]).map((u) => u.email)

const [acme, beta] = rhombusAccounts.partner.clientOrgs

describe('partner client orgs', () => {
  it('gives the partner account two or more client orgs with their own users', () => {
    expect(rhombusAccounts.partner.clientOrgs.length).toBeGreaterThanOrEqual(2)
    expect(rhombusAccounts.standard.clientOrgs).toEqual([])
    for (const org of rhombusAccounts.partner.clientOrgs)
      expect(org.users.length).toBeGreaterThan(0)
  })

  it("answers a client org's users when x-auth-org names it", async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox, true)
    const headers = (org: string) => ({
      headers: {
        'content-type': 'application/json',
        'x-auth-scheme': 'partner-api-oauth-token',
        'x-auth-access-token': token,
        'x-auth-org': org,
      },
    })
    const acmeUsers = await sandbox.getUsersInOrg(
      token,
      'partner-api-oauth-token',
      headers(acme!.uuid),
    )
    expect(acmeUsers.status).toBe(200)
    expect(await emails(acmeUsers)).toEqual(acme!.users.map((u) => u.email))
    const betaUsers = await sandbox.getUsersInOrg(
      token,
      'partner-api-oauth-token',
      headers(beta!.uuid),
    )
    expect(await emails(betaUsers)).toEqual(beta!.users.map((u) => u.email))
    const own = await sandbox.getUsersInOrg(token, 'partner-api-oauth-token')
    expect(await emails(own)).toEqual(rhombusAccounts.partner.org.users.map((u) => u.email))
  })

  it('refuses an org the partner does not manage with 403', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox, true)
    for (const org of ['any-client-org', rhombusAccounts.standard.org.uuid]) {
      const response = await sandbox.getUsersInOrg(token, 'partner-api-oauth-token', {
        headers: {
          'content-type': 'application/json',
          'x-auth-scheme': 'partner-api-oauth-token',
          'x-auth-access-token': token,
          'x-auth-org': org,
        },
      })
      await expectError(response, 403, errors.unknownClientOrg)
    }
  })
})

describe('API-key minting', () => {
  it('mints a key with a standard token that then works as an API key', async () => {
    const sandbox = sandboxFixture()
    const response = await mint(sandbox, await tokenFor(sandbox))
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toEqual({ apiKey: expect.any(String) })
    const users = await usersWithKey(sandbox, body.apiKey)
    expect(users.status).toBe(200)
    expect(await emails(users)).toEqual(['ada@sandbox.example', 'grace@sandbox.example'])
    const initiate = await sandbox.rhombusIntegration(
      'initiateEnvoyOAuth',
      { param: null, requestUrl: 'http://localhost:5173/done', rhombusOrgUserUuid: null },
      { 'x-auth-scheme': 'api-token', 'x-auth-apikey': body.apiKey },
    )
    expect((await initiate.json()).error).toBe(false)
  })

  it('answers a partner token at the org endpoint with 403, and mints at the partner one', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox, true)
    await expectError(await mint(sandbox, token), 403, errors.partnerMintingEndpoint)
    await expectError(
      await mint(sandbox, token, undefined, { scheme: 'partner-api-oauth-token' }),
      403,
      errors.partnerMintingEndpoint,
    )
    const response = await mint(sandbox, token, undefined, { partner: true })
    expect(response.status).toBe(200)
    const { apiKey } = await response.json()
    expect(await emails(await usersWithKey(sandbox, apiKey))).toContain(
      'hedy@partner.sandbox.example',
    )
    const acmeUsers = await usersWithKey(sandbox, apiKey, { 'x-auth-org': acme!.uuid })
    expect(await emails(acmeUsers)).toEqual(acme!.users.map((u) => u.email))
    await expectError(
      await mint(sandbox, token, undefined, { partner: true, scheme: 'api-oauth-token' }),
      401,
      errors.partnerSchemeRequired,
    )
  })

  it('refuses a standard token at the partner endpoint with 403', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await mint(sandbox, await tokenFor(sandbox), undefined, { partner: true }),
      403,
      errors.notPartnerMintingEndpoint,
    )
  })

  it('mints a CERT key with a PEM csr, with a placeholder cert', async () => {
    const sandbox = sandboxFixture()
    const csr =
      '-----BEGIN CERTIFICATE REQUEST-----\nMIIBszCCARwCAQAwczELMAkGA1UEBhMCVVM=\n-----END CERTIFICATE REQUEST-----\n'
    const response = await mint(sandbox, await tokenFor(sandbox), {
      displayName: 'mtls',
      authType: 'CERT',
      csr,
    })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toEqual({
      apiKey: expect.any(String),
      cert: expect.stringMatching(/^-----BEGIN CERTIFICATE-----\n/),
    })
  })

  it('refuses bad bodies with 400 and bad tokens with 401', async () => {
    const sandbox = sandboxFixture({ tokenTtlSeconds: 5 })
    const token = await tokenFor(sandbox)
    const cases: [unknown, string][] = [
      ['[]', errors.invalidMintBody],
      [{ displayName: 'x', authType: 'API_TOKEN', extra: 1 }, errors.invalidMintBody],
      [{ authType: 'API_TOKEN' }, errors.missingDisplayName],
      [{ displayName: 'x', authType: 'PASSWORD' }, errors.unsupportedAuthType],
      [{ displayName: 'x', authType: 'CERT' }, errors.invalidCsr],
      [{ displayName: 'x', authType: 'CERT', csr: 'not a pem' }, errors.invalidCsr],
      [{ displayName: 'x', authType: 'API_TOKEN', csr: 'x' }, errors.unexpectedCsr],
    ]
    for (const [body, errorMsg] of cases)
      await expectError(await mint(sandbox, token, body), 400, errorMsg)
    await expectError(await mint(sandbox, 'at_forged'), 401, errors.invalidAccessToken)
    await expectError(
      await mint(sandbox, token, undefined, { scheme: 'api-token' }),
      401,
      errors.unsupportedAuthScheme,
    )
    sandbox.advance(5000)
    await expectError(await mint(sandbox, token), 401, errors.expiredAccessToken)
    expect(sandbox.state.rhombus.mintedApiKeys()).toEqual([])
  })

  it('refuses unknown API keys on getUsersInOrg with 401, and keeps the old api-token answer', async () => {
    const sandbox = sandboxFixture()
    await expectError(
      await usersWithKey(sandbox, 'rak_forged'),
      401,
      rhombusEnvoyIntegrationErrors.invalidApiKey,
    )
    expect((await usersWithKey(sandbox, rhombusApiKey)).status).toBe(200)
  })

  it('lists and deletes minted keys through the control routes, and logs minting', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox)
    const { apiKey } = await (await mint(sandbox, token)).json()
    const { apiKey: second } = await (
      await mint(sandbox, token, { displayName: 'two', authType: 'API_TOKEN' })
    ).json()
    const list = await (await sandbox.request('/__sandbox/rhombus/api-keys')).json()
    expect(list.apiKeys).toEqual([
      expect.objectContaining({
        apiKey,
        displayName: 'worker',
        authType: 'API_TOKEN',
        accountId: 'standard',
      }),
      expect.objectContaining({ apiKey: second, displayName: 'two' }),
    ])
    const deleted = await sandbox.request(`/__sandbox/rhombus/api-keys/${apiKey}`, {
      method: 'DELETE',
    })
    expect(deleted.status).toBe(204)
    expect(
      (await sandbox.request(`/__sandbox/rhombus/api-keys/${apiKey}`, { method: 'DELETE' })).status,
    ).toBe(404)
    await expectError(
      await usersWithKey(sandbox, apiKey),
      401,
      rhombusEnvoyIntegrationErrors.invalidApiKey,
    )
    const all = await sandbox.request('/__sandbox/rhombus/api-keys', { method: 'DELETE' })
    expect(await all.json()).toEqual({ deleted: 1 })
    expect((await usersWithKey(sandbox, rhombusApiKey)).status).toBe(200)
    const logged = sandbox.state.log.records.filter((r) =>
      r.path.endsWith('/submitApiTokenApplication'),
    )
    expect(logged).toHaveLength(2)
    expect(logged[0]).toMatchObject({ provider: 'rhombus', role: 'api', method: 'POST' })
  })
})

describe('short token lifetimes', () => {
  it('expires both dialects’ access tokens after tokenTtlSeconds: 5', async () => {
    const sandbox = sandboxFixture({ tokenTtlSeconds: 5 })
    const legacy = await (await sandbox.legacyToken(await sandbox.code('legacy'))).json()
    expect(legacy.accessTokenExpirationSec).toBe(5)
    const { basic, clientId, clientSecret, redirectUri, verifier } = await import(
      '../__tests__/sandboxFixture.js'
    )
    const oauth2 = await (
      await sandbox.oauth2Token(
        {
          grant_type: 'authorization_code',
          code: await sandbox.code('oauth2'),
          redirect_uri: redirectUri,
          code_verifier: verifier,
        },
        { authorization: basic(clientId, clientSecret) },
      )
    ).json()
    expect(oauth2.expires_in).toBe(5)
    sandbox.advance(4999)
    expect((await sandbox.getUsersInOrg(legacy.accessToken)).status).toBe(200)
    expect((await sandbox.getUsersInOrg(oauth2.access_token)).status).toBe(200)
    sandbox.advance(1)
    await expectError(
      await sandbox.getUsersInOrg(legacy.accessToken),
      401,
      errors.expiredAccessToken,
    )
    await expectError(
      await sandbox.getUsersInOrg(oauth2.access_token),
      401,
      errors.expiredAccessToken,
    )
  })
})

describe('API keys: getApiTokens and revokeApiToken', () => {
  const call = (
    sandbox: Sandbox,
    name: 'getApiTokens' | 'revokeApiToken',
    token: string,
    body: unknown = {},
    partner = false,
  ) =>
    sandbox.rhombusApi(
      `/api/${partner ? 'partner' : 'integrations/org'}/${name}`,
      {
        'x-auth-scheme': partner ? 'partner-api-oauth-token' : 'api-oauth-token',
        'x-auth-access-token': token,
      },
      typeof body === 'string' ? body : JSON.stringify(body),
    )

  it.each([false, true])(
    'lists the minted key by tokenUuid, revokes it, and the key no longer authenticates (partner %s)',
    async (partner) => {
      const sandbox = sandboxFixture()
      const token = await tokenFor(sandbox, partner)
      const { apiKey } = await (
        await mint(sandbox, token, { displayName: 'nightly 1', authType: 'API_TOKEN' }, { partner })
      ).json()
      const listed = await (await call(sandbox, 'getApiTokens', token, {}, partner)).json()
      const org = partner ? rhombusAccounts.partner.org : rhombusAccounts.standard.org
      expect(listed).toEqual({
        apiTokens: [
          {
            tokenUuid: expect.stringMatching(/^tok_/),
            displayName: 'nightly 1',
            orgUuid: org.uuid,
            authType: 'API_TOKEN',
            createdAtMillis: expect.any(Number),
          },
        ],
        error: false,
        errorMsg: null,
        warningMsg: null,
      })
      const [{ tokenUuid }] = listed.apiTokens
      expect((await usersWithKey(sandbox, apiKey)).status).toBe(200)
      const revoked = await call(sandbox, 'revokeApiToken', token, { tokenUuid }, partner)
      expect(revoked.status).toBe(200)
      expect(await revoked.json()).toEqual({ error: false, errorMsg: null, warningMsg: null })
      expect((await usersWithKey(sandbox, apiKey)).status).toBe(401)
      expect(
        (await (await call(sandbox, 'getApiTokens', token, {}, partner)).json()).apiTokens,
      ).toEqual([])
      const counted = await sandbox.request('/__sandbox/rhombus/revocations')
      expect(await counted.json()).toEqual({ count: 1, tokenUuids: [tokenUuid] })
      await sandbox.request('/__sandbox/rhombus/revocations', { method: 'DELETE' })
      expect(await (await sandbox.request('/__sandbox/rhombus/revocations')).json()).toEqual({
        count: 0,
        tokenUuids: [],
      })
    },
  )

  it("refuses an unknown or another org's tokenUuid with HTTP 200 error: true, revoking nothing", async () => {
    const sandbox = sandboxFixture()
    const standard = await tokenFor(sandbox)
    const { apiKey } = await (await mint(sandbox, standard)).json()
    const [{ tokenUuid }] = (await (await call(sandbox, 'getApiTokens', standard)).json()).apiTokens
    const partner = await tokenFor(sandbox, true)
    for (const [token, isPartner] of [
      [standard, false],
      [partner, true],
    ] as const) {
      const uuid = token === standard ? 'tok_unknown' : tokenUuid
      const refused = await call(sandbox, 'revokeApiToken', token, { tokenUuid: uuid }, isPartner)
      expect(refused.status).toBe(200)
      expect(await refused.json()).toEqual({
        error: true,
        errorMsg: errors.unknownApiToken,
        warningMsg: null,
      })
    }
    expect((await usersWithKey(sandbox, apiKey)).status).toBe(200)
    expect((await (await sandbox.request('/__sandbox/rhombus/revocations')).json()).count).toBe(0)
  })

  it('refuses the wrong endpoint (403), a bad body (400) and no credential (401)', async () => {
    const sandbox = sandboxFixture()
    const standard = await tokenFor(sandbox)
    const partner = await tokenFor(sandbox, true)
    await expectError(
      await call(sandbox, 'getApiTokens', partner, {}, false),
      403,
      errors.partnerApiTokensEndpoint,
    )
    await expectError(
      await call(sandbox, 'revokeApiToken', standard, { tokenUuid: 'x' }, true),
      403,
      errors.notPartnerApiTokensEndpoint,
    )
    for (const body of ['[]', {}, { tokenUuid: 7 }, { tokenUuid: 'x', extra: 1 }]) {
      const response = await call(sandbox, 'revokeApiToken', standard, body)
      expect(response.status).toBe(400)
    }
    expect((await sandbox.rhombusApi('/api/integrations/org/getApiTokens', {})).status).toBe(401)
  })

  it('lists with an API key of the organisation too', async () => {
    const sandbox = sandboxFixture()
    const token = await tokenFor(sandbox)
    await mint(sandbox, token)
    const listed = await sandbox.rhombusApi('/api/integrations/org/getApiTokens', {
      'x-auth-scheme': 'api-token',
      'x-auth-apikey': rhombusApiKey,
    })
    expect((await listed.json()).apiTokens).toHaveLength(1)
  })
})
