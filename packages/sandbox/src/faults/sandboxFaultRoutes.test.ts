import { describe, expect, it, vi } from 'vitest'
import {
  clientId,
  clientSecret,
  origin,
  redirectUri,
  rhombusApiKey,
  sandboxFixture,
  verifier,
} from '../__tests__/sandboxFixture.js'
import { createSandboxApp } from '../createSandboxApp.js'
import { completeEnvoyAuthorization } from '../envoy/completeEnvoyAuthorization.js'
import { createSandboxFaults } from './createSandboxFaults.js'
import { sandboxFaultHeader } from './faultResponse.js'
import type { SandboxFaultRuleInput } from './SandboxFaultRule.js'

/** The sandbox app with a fault table the test holds, requests by path. */
function faultyApp() {
  const fixture = sandboxFixture()
  const faults = createSandboxFaults()
  const app = createSandboxApp({}, fixture.state, faults)
  const request = (path: string, init?: RequestInit) => app.request(origin + path, init)
  const control = (method: string, path = '', body?: unknown) =>
    request(`/__sandbox/faults${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'content-type': 'application/json' },
            body: typeof body === 'string' ? body : JSON.stringify(body),
          }),
    })
  return { ...fixture, faults, app, request, control }
}

const tokenRule = {
  method: 'POST',
  path: '/oauth/token',
  fault: { kind: 'status', status: 503, retryAfter: 7 },
} satisfies SandboxFaultRuleInput

describe('/__sandbox/faults', () => {
  it('POST adds a rule and answers it with its id; GET lists; DELETE /:id removes it', async () => {
    const { control, faults } = faultyApp()
    const added = await control('POST', '', { ...tokenRule, probability: 0.05, times: 3 })
    expect(added.status).toBe(201)
    const rule = await added.json()
    expect(rule).toEqual({
      id: 'fault-1',
      method: 'POST',
      path: '/oauth/token',
      fault: { kind: 'status', status: 503, retryAfter: 7 },
      probability: 0.05,
      times: 3,
      remaining: 3,
      hits: 0,
    })
    expect(faults.list()).toEqual([rule])

    const listed = await control('GET')
    expect(listed.status).toBe(200)
    expect(await listed.json()).toEqual({ rules: [rule] })

    expect((await control('DELETE', '/fault-1')).status).toBe(204)
    const gone = await control('DELETE', '/fault-1')
    expect(gone.status).toBe(404)
    expect(await gone.json()).toEqual({
      error: 'not_found',
      error_description: 'No fault rule has this id.',
    })
    expect(faults.list()).toEqual([])
  })

  it('DELETE clears every rule', async () => {
    const { control, faults } = faultyApp()
    await control('POST', '', tokenRule)
    faults.add({ method: 'GET', path: '/v1/locations', fault: { kind: 'hang' } })
    const cleared = await control('DELETE')
    expect(await cleared.json()).toEqual({ deleted: 2 })
    expect(await (await control('GET')).json()).toEqual({ rules: [] })
  })

  it.each<[string, unknown, string]>([
    ['a body that is not JSON', '{"method":', 'the rule must be a JSON object'],
    ['an array', [tokenRule], 'the rule must be a JSON object'],
    ['an unknown member', { ...tokenRule, host: 'auth-web' }, 'unknown member "host"'],
    ['no method', { ...tokenRule, method: undefined }, 'method must be an HTTP method'],
    ['a method with a space', { ...tokenRule, method: 'PO ST' }, 'method must be an HTTP method'],
    ['a relative path', { ...tokenRule, path: 'oauth/token' }, 'path must be the exact path'],
    ['a path with a query', { ...tokenRule, path: '/oauth/token?x=1' }, 'without query'],
    ['an unknown provider', { ...tokenRule, provider: 'okta' }, 'provider must be one of'],
    ['an unknown role', { ...tokenRule, role: 'auth_web' }, 'role must be one of'],
    ['a probability below 0', { ...tokenRule, probability: -0.1 }, 'probability must be'],
    ['a probability as text', { ...tokenRule, probability: '0.5' }, 'probability must be'],
    ['times 1.5', { ...tokenRule, times: 1.5 }, 'times must be a positive integer'],
    ['no fault', { ...tokenRule, fault: undefined }, 'fault must be an object with a kind'],
    ['a fault kind unknown', { ...tokenRule, fault: { kind: 'timeout' } }, 'fault.kind must be'],
    ['a status of 200', { ...tokenRule, fault: { kind: 'status', status: 200 } }, 'fault.status'],
    [
      'a status as text',
      { ...tokenRule, fault: { kind: 'status', status: '500' } },
      'fault.status',
    ],
    [
      'a negative retryAfter',
      { ...tokenRule, fault: { kind: 'status', status: 503, retryAfter: -1 } },
      'fault.retryAfter',
    ],
    [
      'retry_after for retryAfter',
      { ...tokenRule, fault: { kind: 'status', status: 503, retry_after: 7 } },
      'unknown member "fault.retry_after" for a status fault (it takes status, retryAfter)',
    ],
    [
      'a parameter of another kind',
      { ...tokenRule, fault: { kind: 'hang', bytes: 5 } },
      'unknown member "fault.bytes" for a hang fault',
    ],
    [
      'a trickle of 0 bytes per second',
      { ...tokenRule, fault: { kind: 'trickle', bytesPerSecond: 0 } },
      'fault.bytesPerSecond',
    ],
    [
      'a huge body of 10 bytes',
      { ...tokenRule, fault: { kind: 'huge', bytes: 10 } },
      'fault.bytes',
    ],
  ])('POST refuses %s with a clear 400 and adds nothing', async (_, body, message) => {
    const { control, faults } = faultyApp()
    const response = await control('POST', '', body)
    expect(response.status).toBe(400)
    const problem = await response.json()
    expect(problem.error).toBe('invalid_fault_rule')
    expect(problem.error_description).toContain(message)
    expect(faults.list()).toEqual([])
  })

  it('control routes are never faulted, whatever the rules say', async () => {
    const { control, request, faults } = faultyApp()
    for (const path of ['/__sandbox/faults', '/__sandbox/requests', '/faults', '/requests']) {
      faults.add({ method: '*', path, fault: { kind: 'reset' } })
    }
    expect((await control('GET')).status).toBe(200)
    expect((await control('POST', '', tokenRule)).status).toBe(201)
    expect((await request('/__sandbox/requests')).status).toBe(200)
    expect((await request('/__sandbox/requests', { method: 'DELETE' })).status).toBe(204)
    expect(faults.list().every((rule) => rule.hits === 0)).toBe(true)
  })
})

describe('a faulted request', () => {
  it('never reaches the emulator: the code it carried still exchanges afterwards', async () => {
    const sandbox = faultyApp()
    const { request, faults, state } = sandbox
    faults.add({ ...tokenRule, role: 'auth-web', times: 1 })
    const form = new URLSearchParams({
      grant_type: 'authorization_code',
      code: await sandbox.code('oauth2'),
      redirect_uri: redirectUri,
      client_id: clientId,
      client_secret: clientSecret,
      code_verifier: verifier,
    }).toString()
    const post = () =>
      request('/rhombus/auth-web/oauth/token', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      })

    const faulted = await post()
    expect(faulted.status).toBe(503)
    expect(faulted.headers.get('retry-after')).toBe('7')
    expect(faulted.headers.get(sandboxFaultHeader)).toBe('status')
    expect(await faulted.json()).toMatchObject({ error: 'sandbox_fault' })

    const answered = await post()
    expect(answered.status).toBe(200)
    expect(await answered.json()).toMatchObject({ token_type: 'Bearer' })

    const tokenRequests = state.log.records.filter((r) => r.path === '/oauth/token')
    expect(tokenRequests.map((r) => r.fault)).toEqual(['status', undefined])
    // Logged as any other request, body and all.
    expect(tokenRequests[0]?.body).toBe(form)
    expect(tokenRequests[0]?.role).toBe('auth-web')
  })

  it('is marked in the request log read over HTTP, by kind', async () => {
    const { request, faults } = faultyApp()
    faults.add({ method: 'GET', path: '/v1/locations', fault: { kind: 'non-json' } })
    const page = await request('/envoy/api/v1/locations')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toMatch(/^<!doctype html>/)
    await request('/envoy/api/v1/other')
    const log = await (await request('/__sandbox/requests?provider=envoy')).json()
    expect(log.map((r: { path: string; fault?: string }) => [r.path, r.fault])).toEqual([
      ['/v1/locations', 'non-json'],
      ['/v1/other', undefined],
    ])
  })

  it('without a socket a reset is a 502 marked reset; dispatched to itself, a network error', async () => {
    const { request, faults } = faultyApp()
    faults.add({ method: 'POST', path: '/a/auth/v0/token', fault: { kind: 'reset' } })
    const direct = await request('/envoy/app/a/auth/v0/token', { method: 'POST' })
    expect(direct.status).toBe(502)
    expect(direct.headers.get(sandboxFaultHeader)).toBe('reset')

    // Rhombus's Envoy integration exchanges the Envoy code through the sandbox's dispatch:
    // its HTTP client fails as on a real reset, so Rhombus answers 500.
    const initiated = await request(
      '/rhombus/api/api/integrations/serviceManagement/initiateEnvoyOAuth',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-auth-scheme': 'api-token',
          'x-auth-apikey': rhombusApiKey,
        },
        body: JSON.stringify({
          param: null,
          requestUrl: 'http://localhost:5173/x',
          rhombusOrgUserUuid: null,
        }),
      },
    )
    const { redirectUrl } = await initiated.json()
    const callback = await completeEnvoyAuthorization(redirectUrl, {
      fetch: (input, init) => request(String(input).replace(origin, ''), init),
    })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const response = await request(callback.href.replace(origin, ''), { redirect: 'manual' })
      expect(response.status).toBe(500)
      expect(logged).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'TypeError', message: 'fetch failed' }),
      )
    } finally {
      logged.mockRestore()
    }
    expect(faults.list()[0]?.hits).toBe(2)
  })
})
