import { describe, expect, it } from 'vitest'
import {
  bffRequest,
  envoyRedirectUri,
  isKeyOrgCall,
  isPermissionsCall,
  type RequestOptions,
  rhombusApiKey,
  sessionCookie,
  testBff,
  withRhombusOrgChecks,
} from '../__tests__/bffTestKit.js'
import type { ConnectedConnection } from '../store/CredentialStore.js'
import { envoyConnectionKey } from './createEnvoyRefresher.js'

const json = { 'content-type': 'application/json' }
const huge = 'x'.repeat(70_000)
const existing: ConnectedConnection = {
  ...envoyConnectionKey('user-1'),
  via: 'direct',
  status: 'connected',
  scopes: ['locations.read'],
  accessToken: 'at-SECRET',
  refreshToken: 'rt-SECRET',
  expiresAt: Date.now() + 3_600_000,
  updatedAt: 1,
}

type Case = [string, string, string, RequestOptions, number, string]

const routeCases = (route: string, valid: Record<string, unknown>): Case[] => [
  [route, 'malformed JSON', 'POST', { text: '{"code":', headers: json }, 400, 'bad_request'],
  [route, 'an empty body', 'POST', { text: '', headers: json }, 400, 'bad_request'],
  [route, 'a JSON array', 'POST', { body: [valid] }, 400, 'bad_request'],
  [route, 'JSON null', 'POST', { text: 'null', headers: json }, 400, 'bad_request'],
  [
    route,
    'a form body',
    'POST',
    { text: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    415,
    'unsupported_media_type',
  ],
  [
    route,
    'no content type',
    'POST',
    { text: JSON.stringify(valid) },
    415,
    'unsupported_media_type',
  ],
  [route, 'a huge body', 'POST', { body: { ...valid, pad: huge } }, 413, 'payload_too_large'],
]

const cases: Case[] = [
  ...routeCases('/bff/auth/envoy/exchange', { code: 'c', redirectUri: envoyRedirectUri }),
  [
    '/bff/auth/envoy/exchange',
    'a missing code',
    'POST',
    { body: { redirectUri: envoyRedirectUri } },
    400,
    'bad_request',
  ],
  [
    '/bff/auth/envoy/exchange',
    'a numeric code',
    'POST',
    { body: { code: 1, redirectUri: envoyRedirectUri } },
    400,
    'bad_request',
  ],
  [
    '/bff/auth/envoy/exchange',
    'an empty code',
    'POST',
    { body: { code: '', redirectUri: envoyRedirectUri } },
    400,
    'bad_request',
  ],
  [
    '/bff/auth/envoy/exchange',
    'a missing redirectUri',
    'POST',
    { body: { code: 'c' } },
    400,
    'bad_request',
  ],
  [
    '/bff/auth/envoy/exchange',
    'an object state',
    'POST',
    { body: { code: 'c', redirectUri: envoyRedirectUri, state: {} } },
    400,
    'bad_request',
  ],
  [
    '/bff/auth/envoy/exchange',
    'a 3000-character code',
    'POST',
    { body: { code: 'c'.repeat(3000), redirectUri: envoyRedirectUri } },
    400,
    'bad_request',
  ],
  ...routeCases('/bff/envoy/disconnect', { via: 'direct' }),
  ['/bff/envoy/disconnect', 'no via', 'POST', { body: {} }, 400, 'bad_request'],
  [
    '/bff/envoy/disconnect',
    'an unknown via',
    'POST',
    { body: { via: 'carrier-pigeon' } },
    400,
    'bad_request',
  ],
  ['/bff/envoy/disconnect', 'a numeric via', 'POST', { body: { via: 1 } }, 400, 'bad_request'],
  ['/bff/envoy/connection', 'no via', 'GET', {}, 400, 'bad_request'],
  ['/bff/envoy/connection?via=everything', 'an unknown via', 'GET', {}, 400, 'bad_request'],
  ['/bff/envoy/connection?via=direct&via=rhombus', 'a repeated via', 'GET', {}, 400, 'bad_request'],
  ...routeCases('/bff/envoy/rhombus/initiate', { returnTo: '/' }),
  ['/bff/envoy/rhombus/initiate', 'no returnTo', 'POST', { body: {} }, 400, 'bad_request'],
  [
    '/bff/envoy/rhombus/initiate',
    'a numeric returnTo',
    'POST',
    { body: { returnTo: 5 } },
    400,
    'bad_request',
  ],
  [
    '/bff/envoy/rhombus/initiate',
    'an absolute returnTo',
    'POST',
    { body: { returnTo: 'https://evil.test' } },
    400,
    'invalid_return_to',
  ],
  [
    '/bff/envoy/rhombus/initiate',
    'a numeric param',
    'POST',
    { body: { returnTo: '/', param: 1 } },
    400,
    'bad_request',
  ],
  ...routeCases('/bff/envoy/versori/initialise', {}),
  [
    '/bff/envoy/versori/initialise',
    'numeric additionalParams',
    'POST',
    { body: { additionalParams: 1 } },
    400,
    'bad_request',
  ],
  [
    '/bff/envoy/versori/initialise',
    'additionalParams with "?"',
    'POST',
    { body: { additionalParams: '?a=1' } },
    400,
    'bad_request',
  ],
  [
    '/bff/envoy/versori/initialise',
    'colliding additionalParams',
    'POST',
    { body: { additionalParams: 'state=x' } },
    400,
    'bad_request',
  ],
  [
    '/bff/envoy/versori/initialise',
    'a prompt with spaces',
    'POST',
    { body: { prompt: 'login consent' } },
    400,
    'bad_request',
  ],
  [
    '/bff/envoy/versori/initialise',
    'a numeric prompt',
    'POST',
    { body: { prompt: 2 } },
    400,
    'bad_request',
  ],
  ...routeCases('/bff/envoy/versori/complete', { code: 'c', state: 's' }),
  ['/bff/envoy/versori/complete', 'no state', 'POST', { body: { code: 'c' } }, 400, 'bad_request'],
  ['/bff/envoy/versori/complete', 'no code', 'POST', { body: { state: 's' } }, 400, 'bad_request'],
  [
    '/bff/envoy/versori/complete',
    'an unknown state',
    'POST',
    { body: { code: 'c', state: 's' } },
    400,
    'state_mismatch',
  ],
  ['/bff/envoy/api/v1/../../session', 'a dot-segment path', 'GET', {}, 404, 'not_found'],
  ['/bff/envoy/api/v1%2F..%2Fx', 'an encoded traversal', 'GET', {}, 400, 'bad_request'],
  ['/bff/envoy/nope', 'an unknown Envoy route', 'POST', { body: {} }, 404, 'not_found'],
  ['/bff/envoy/connection', 'a PUT', 'PUT', { body: {} }, 405, 'method_not_allowed'],
  ['/bff/envoy/rhombus/locations', 'a POST', 'POST', { body: {} }, 405, 'method_not_allowed'],
  ['/bff/envoy/rhombus/locations', 'a DELETE', 'DELETE', {}, 405, 'method_not_allowed'],
  ['/bff/envoy/rhombus/locations/x', 'a path below it', 'GET', {}, 404, 'not_found'],
  ...routeCases('/bff/envoy/disconnect', { via: 'rhombus' }),
  [
    '/bff/envoy/disconnect',
    'an unknown via',
    'POST',
    { body: { via: 'RHOMBUS' } },
    400,
    'bad_request',
  ],
]

describe('23. bad input to every Envoy route gets a clear 4xx problem and changes nothing', () => {
  it.each(cases)('23. %s: %s', async (path, _, method, options, status, code) => {
    const { app, calls, store } = testBff({
      envoy: {},
      versori: {},
      rhombus: { apiKey: rhombusApiKey },
      respond: withRhombusOrgChecks(() => Response.json({})),
    })
    await store.putConnection(existing)
    const cookie = await sessionCookie(store, 'user-1')
    const response = await app.request(bffRequest(method, path, { cookie, ...options }))
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe('application/problem+json')
    const problem = await response.json()
    expect(problem).toMatchObject({ status, code })
    expect(problem.detail.length).toBeGreaterThan(10)
    expect(response.headers.get('set-cookie')).toBeNull()
    // Routes on the server's credentials may first check the session's org and permission
    // (SECURITY 25); those checks carry nothing of the request, and nothing else is sent.
    const checks = calls.filter((call) => isKeyOrgCall(call) || isPermissionsCall(call))
    expect(checks.map((call) => call.body)).toEqual(checks.map(() => '{}'))
    expect(calls.filter((call) => !checks.includes(call))).toEqual([])
    expect(await store.getConnection(envoyConnectionKey('user-1'))).toEqual(existing)
  })
})
