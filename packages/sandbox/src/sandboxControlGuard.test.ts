import { request as httpRequest } from 'node:http'
import { describe, expect, it } from 'vitest'
import { sandboxFixture } from './__tests__/sandboxFixture.js'
import { createSandboxApp } from './createSandboxApp.js'
import { sandboxControlErrors as errors, isLoopbackHostname } from './sandboxControlGuard.js'
import { startSandbox } from './startSandbox.js'

async function expectRefused(response: Response, error: string, description: string) {
  expect(response.status).toBe(403)
  expect(await response.json()).toEqual({ error, error_description: description })
}

/** A raw HTTP/1.1 request, so that the Host header is the test's own (fetch sets it). */
function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe("32. the sandbox's control routes refuse cross-site requests and foreign Host headers (next to a browser)", () => {
  const controls: Array<[string, string]> = [
    ['GET', '/__sandbox/requests'],
    ['DELETE', '/__sandbox/requests'],
    ['POST', '/__sandbox/clients'],
    ['POST', '/__sandbox/envoy/revoke'],
    ['GET', '/__sandbox/rhombus/token-stats'],
    ['POST', '/__sandbox/rhombus/revoke-access-tokens'],
    ['POST', '/__sandbox/rhombus/revoke-refresh-tokens'],
    ['DELETE', '/__sandbox/faults'],
    ['GET', '/__sandbox'],
  ]

  it.each(controls)('refuses %s %s with Sec-Fetch-Site: cross-site', async (method, path) => {
    const sandbox = sandboxFixture()
    await expectRefused(
      await sandbox.request(path, { method, headers: { 'sec-fetch-site': 'cross-site' } }),
      'cross_site_request',
      errors.crossSite,
    )
  })

  it('refuses before acting: a refused revoke revokes nothing', async () => {
    const sandbox = sandboxFixture()
    const { access_token } = await sandbox.oauth2Tokens()
    const refused = await sandbox.request('/__sandbox/rhombus/revoke-access-tokens', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    })
    expect(refused.status).toBe(403)
    expect((await sandbox.getUsersInOrg(access_token)).status).toBe(200)
  })

  it.each(['same-origin', 'same-site', 'none'])('allows Sec-Fetch-Site: %s', async (site) => {
    const response = await sandboxFixture().request('/__sandbox/rhombus/token-stats', {
      headers: { 'sec-fetch-site': site },
    })
    expect(response.status).toBe(200)
  })

  it.each([
    'https://evil.example',
    'http://localhost.evil.example:4010',
    'http://127.0.0.1.nip.io',
    'http://[::2]:4010',
    'null',
    'file://',
    'not an origin',
  ])('refuses Origin %s', async (origin) => {
    await expectRefused(
      await sandboxFixture().request('/__sandbox/requests', { headers: { origin } }),
      'cross_site_request',
      errors.foreignOrigin,
    )
  })

  it.each([
    'http://localhost:5173',
    'http://LOCALHOST:5173',
    'http://127.0.0.1:4010',
    'http://127.8.9.10',
    'http://[::1]:5173',
    'https://localhost',
  ])('allows the loopback Origin %s (the demo on another port is same-site)', async (origin) => {
    const response = await sandboxFixture().request('/__sandbox/rhombus/revoke-refresh-tokens', {
      method: 'POST',
      headers: { origin, 'sec-fetch-site': 'same-site' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ revoked: 0 })
  })

  it.each([
    'evil.example',
    'evil.example:4010',
    'localhost.evil.example:4010',
    'evil@127.0.0.1',
    '127.0.0.1/x',
    '',
  ])('refuses the foreign Host %j (DNS rebinding)', async (host) => {
    await expectRefused(
      await sandboxFixture().request('/__sandbox/requests', { headers: { host } }),
      'foreign_host',
      errors.foreignHost,
    )
  })

  it.each(['localhost:4010', 'localhost', '127.0.0.1:4010', '[::1]:4010'])(
    'allows the loopback Host %s',
    async (host) => {
      const response = await sandboxFixture().request('/__sandbox/requests', { headers: { host } })
      expect(response.status).toBe(200)
    },
  )

  it('allows no Origin and no Host (Node tests, app.request)', async () => {
    expect((await sandboxFixture().request('/__sandbox/requests')).status).toBe(200)
  })

  it('accepts allowedHosts in Host and Origin', async () => {
    const app = createSandboxApp({ allowedHosts: ['sandbox.internal', '::2'] })
    const ok = await app.request('http://sandbox.internal:4010/__sandbox/requests', {
      headers: { host: 'sandbox.internal:4010', origin: 'http://SANDBOX.internal:4010' },
    })
    expect(ok.status).toBe(200)
    const v6 = await app.request('http://[::2]:4010/__sandbox/requests', {
      headers: { host: '[::2]:4010' },
    })
    expect(v6.status).toBe(200)
    const other = await app.request('http://sandbox.internal:4010/__sandbox/requests', {
      headers: { host: 'other.internal:4010' },
    })
    expect(other.status).toBe(403)
  })

  it('leaves the emulated provider hosts alone: a sign-in is a cross-site navigation', async () => {
    const sandbox = sandboxFixture()
    const page = await sandbox.request(sandbox.authorizeUrl('oauth2'), {
      headers: {
        'sec-fetch-site': 'cross-site',
        origin: 'https://app.example',
        host: 'console.rhombussystems.example',
      },
    })
    expect(page.status).toBe(200)
  })

  it('over a socket: refuses a foreign Host and a cross-site Origin, serves loopback', async () => {
    const sandbox = await startSandbox()
    try {
      const url = `${sandbox.url}/__sandbox/rhombus/token-stats`
      expect((await fetch(url)).status).toBe(200)
      expect((await fetch(url, { headers: { origin: 'http://localhost:5173' } })).status).toBe(200)
      const crossSite = await fetch(url, { headers: { origin: 'https://evil.example' } })
      await expectRefused(crossSite, 'cross_site_request', errors.foreignOrigin)
      const port = new URL(sandbox.url).port
      const rebound = await rawRequest(url, 'GET', { host: `rebind.evil.example:${port}` })
      expect(rebound.status).toBe(403)
      expect(JSON.parse(rebound.body).error).toBe('foreign_host')
      const local = await rawRequest(url, 'GET', { host: `localhost:${port}` })
      expect(local.status).toBe(200)
    } finally {
      await sandbox.close()
    }
  })

  it('over a socket: accepts allowedHosts (e.g. a container name) besides loopback', async () => {
    const sandbox = await startSandbox({ allowedHosts: ['sandbox.internal'] })
    try {
      const url = `${sandbox.url}/__sandbox/requests`
      const port = new URL(sandbox.url).port
      const named = await rawRequest(url, 'GET', {
        host: `sandbox.internal:${port}`,
        origin: `http://sandbox.internal:${port}`,
      })
      expect(named.status).toBe(200)
      expect((await fetch(url)).status).toBe(200)
    } finally {
      await sandbox.close()
    }
  })
})

describe('isLoopbackHostname', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['[::1]', true],
    ['localhost.', false],
    ['app.localhost', false],
    ['128.0.0.1', false],
    ['[::2]', false],
    ['0.0.0.0', false],
  ])('%s → %s', (hostname, expected) => {
    expect(isLoopbackHostname(hostname)).toBe(expected)
  })
})
