import {
  completeEnvoyAuthorization,
  defaultEnvoyClient,
  defaultRhombusClient,
  type Sandbox,
  startSandbox,
} from '@doorway/sandbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PostgresServer, postgresUnavailable, startPostgres } from '../support/postgres.js'
import { appOrigin, bffHeaders, postToBff, signInThroughBff } from '../support/processSignIn.js'
import { type BffProcess, startBffProcess } from '../support/startBffProcess.js'

/**
 * Two BFF instances (separate Node processes) sharing one PostgreSQL database, against the
 * sandbox: an Envoy connection made through one is usable through the other, and an
 * expired access token is refreshed once in all, not once per instance (SECURITY 21).
 */

const envoyRedirectUri = `${appOrigin}/oauth/callback/envoy`

if (postgresUnavailable !== undefined) {
  console.warn(`\n!!! PostgreSQL store integration test SKIPPED: ${postgresUnavailable} !!!\n`)
}

describe.skipIf(postgresUnavailable !== undefined)(
  'PostgreSQL credential store: two BFF processes, one database',
  () => {
    let postgres: PostgresServer
    let sandbox: Sandbox
    let bffs: BffProcess[] = []
    beforeAll(async () => {
      ;[postgres, sandbox] = await Promise.all([startPostgres(), startSandbox()])
      const database = await postgres.createDatabase('doorway')
      const env = {
        SESSION_SECRET: 'postgres-integration-session-secret-0123456789',
        // The origin of the sandbox's default client's redirect URI.
        DOORWAY_APP_ORIGIN: 'http://localhost:5173',
        RHOMBUS_CLIENT_ID: defaultRhombusClient.clientId,
        RHOMBUS_CLIENT_SECRET: defaultRhombusClient.clientSecret ?? '',
        RHOMBUS_CONSOLE_URL: sandbox.rhombus.consoleUrl,
        RHOMBUS_AUTH_URL: sandbox.rhombus.authWebUrl,
        RHOMBUS_API_URL: sandbox.rhombus.apiUrl,
        ENVOY_CLIENT_ID: defaultEnvoyClient.clientId,
        ENVOY_CLIENT_SECRET: defaultEnvoyClient.clientSecret,
        ENVOY_AUTH_URL: sandbox.envoy.authUrl,
        ENVOY_API_URL: sandbox.envoy.apiUrl,
        DOORWAY_DB: database,
      }
      const started = await Promise.allSettled([startBffProcess(env), startBffProcess(env)])
      bffs = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
      for (const result of started) if (result.status === 'rejected') throw result.reason
    })
    afterAll(async () => {
      await Promise.all(bffs.map((bff) => bff.stop()))
      await Promise.all([sandbox?.close(), postgres?.stop()])
    })

    const post = postToBff
    const locations = (bff: BffProcess, cookie: string) =>
      fetch(`${bff.url}/envoy/api/v1/locations`, { headers: bffHeaders(cookie) })
    const signIn = (bff: BffProcess) => signInThroughBff(sandbox, bff)

    /** Connects Envoy directly (the sandbox's consent page, then the BFF's exchange). */
    async function connectEnvoy(bff: BffProcess, cookie: string) {
      const state = 'state-envoy-0123456789abcdef0123456789'
      const authorize = new URL(`${sandbox.envoy.authUrl}/a/auth/v0/authorize`)
      authorize.search = new URLSearchParams({
        client_id: defaultEnvoyClient.clientId,
        redirect_uri: envoyRedirectUri,
        response_type: 'code',
        scope: 'locations.read token.refresh',
        state,
      }).toString()
      // Envoy has no PKCE: the state is bound to the session before the user leaves.
      expect((await post(bff, '/auth/envoy/state', { state }, cookie)).status).toBe(204)
      const code = (await completeEnvoyAuthorization(authorize)).searchParams.get('code')
      const response = await post(
        bff,
        '/auth/envoy/exchange',
        { code, redirectUri: envoyRedirectUri, state },
        cookie,
      )
      expect(response.status).toBe(200)
    }

    const refreshGrants = () =>
      sandbox.requests.filter(
        (r) =>
          r.provider === 'envoy' &&
          r.path === '/a/auth/v0/token' &&
          r.body.includes('"refresh_token"'),
      ).length

    it('21. 100 concurrent proxied calls split across both instances cause exactly one refresh', async () => {
      const [a, b] = bffs as [BffProcess, BffProcess]
      const cookie = await signIn(a)
      await connectEnvoy(b, cookie)
      // Connected through B, stored in PostgreSQL: A proxies with it.
      expect((await locations(a, cookie)).status).toBe(200)
      expect(refreshGrants()).toBe(0)

      expect(sandbox.expireEnvoyAccessTokens()).toBeGreaterThan(0)
      sandbox.clearRequests()
      const statuses = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          locations(i % 2 === 0 ? a : b, cookie).then(async (response) => {
            await response.arrayBuffer()
            return response.status
          }),
        ),
      )
      expect(statuses).toEqual(Array(100).fill(200))
      expect(refreshGrants()).toBe(1)
      // Every call reached Envoy: 100 answered 401 on the expired token or used the new one.
      const apiCalls = sandbox.requests.filter(
        (r) => r.provider === 'envoy' && r.path === '/v1/locations',
      )
      expect(apiCalls.length).toBeGreaterThanOrEqual(100)

      // Neither process printed the database password.
      for (const bff of bffs) expect(bff.output()).not.toContain(postgres.password)
    })
  },
)
