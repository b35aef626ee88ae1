import {
  completeEnvoyAuthorization,
  defaultVersoriData,
  defaultVersoriTokens,
  type Sandbox,
  startSandbox,
} from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bffRequest, sessionCookie } from '../__tests__/bffTestKit.js'
import { sandboxBff } from '../__tests__/sandboxSignIn.js'

let sandbox: Sandbox
beforeAll(async () => {
  sandbox = await startSandbox()
})
afterAll(async () => {
  await sandbox.close()
})

const hub = defaultVersoriData.hubs[0]
const credential = defaultVersoriData.credentials[0]

describe('Envoy through Versori against the sandbox: documented routes only', () => {
  it('initialises, completes with every AuthSchemeConfigOAuth2 field, reads connected, disconnects with DeleteEndUser; no violation', async () => {
    if (hub === undefined || credential === undefined) throw new Error('no sandbox Versori data')
    const { app, store } = sandboxBff(sandbox, {
      versori: {
        api: 'embedded',
        baseUrl: sandbox.versori.platformUrl,
        callbackOrigin: sandbox.versori.callbackOrigin,
        hubId: hub.id,
        connectorId: hub.connectorIds[0] ?? '',
        organisationId: hub.organisationId,
        token: defaultVersoriTokens[0] ?? '',
        credentialId: credential.id,
        credentialOrganisationId: credential.organisationId,
        clientId: credential.clientId,
        authorizeUrl: `${sandbox.envoy.authUrl}/a/auth/v0/authorize`,
      },
    })
    await fetch(`${sandbox.url}/__sandbox/versori/violations`, { method: 'DELETE' })
    const cookie = await sessionCookie(store, 'versori-user')
    const post = (path: string, body: unknown) =>
      app.request(bffRequest('POST', `/bff/envoy/${path}`, { cookie, body }))
    const status = async () =>
      (await app.request(bffRequest('GET', '/bff/envoy/connection?via=versori', { cookie }))).json()

    const { url } = await (await post('versori/initialise', {})).json()
    const callback = await completeEnvoyAuthorization(url)
    const code = callback.searchParams.get('code')
    const state = callback.searchParams.get('state')
    const completed = await post('versori/complete', { code, state })
    expect(completed.status).toBe(200)
    expect(await completed.json()).toMatchObject({ status: 'connected', via: 'versori' })
    expect(await status()).toEqual({ status: 'connected', via: 'versori' })

    const disconnected = await post('disconnect', { via: 'versori' })
    expect(await disconnected.json()).toEqual({ status: 'disconnected', via: 'versori' })
    expect(await status()).toEqual({ status: 'disconnected', via: 'versori' })

    const calls = sandbox.requests
      .filter((r) => r.provider === 'versori' && r.path.startsWith('/api/'))
      .map(
        (r) => `${r.method} ${r.path.replace(hub.id, '{hub}').replace('versori-user', '{user}')}`,
      )
    expect(calls).toEqual([
      `POST /api/embedded/v1/embed/{hub}/connector/${hub.connectorIds[0]}/oauth2/initialise`,
      'POST /api/embedded/v1/hubs/{hub}/users/{user}/connections',
      'GET /api/embedded/v1/hubs/{hub}/users/{user}/connections',
      'DELETE /api/embedded/v1/hubs/{hub}/users/{user}',
      'GET /api/embedded/v1/hubs/{hub}/users/{user}/connections',
    ])
    const violations = await (await fetch(`${sandbox.url}/__sandbox/versori/violations`)).json()
    expect(violations).toEqual({ count: 0, violations: [] })
  })
})
