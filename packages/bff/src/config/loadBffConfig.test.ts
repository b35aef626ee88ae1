import { describe, expect, it } from 'vitest'
import { BffConfigError } from './BffConfigError.js'
import { loadBffConfig } from './loadBffConfig.js'
import { resolveBffConfig } from './resolveBffConfig.js'

const secret = 'a-session-secret-of-32-characters!'
const base = { SESSION_SECRET: secret, RHOMBUS_CLIENT_ID: 'cid', RHOMBUS_CLIENT_SECRET: 'csecret' }

function issuesOf(run: () => unknown) {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(BffConfigError)
    return (error as BffConfigError).issues
  }
  throw new Error('expected a BffConfigError')
}

describe('loadBffConfig', () => {
  it('defaults to oauth2, us and the localhost redirect URI on PORT', () => {
    expect(loadBffConfig(base)).toEqual({
      sessionSecret: secret,
      rhombus: {
        clientId: 'cid',
        clientSecret: 'csecret',
        protocol: 'oauth2',
        region: 'us',
        redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
      },
    })
    expect(loadBffConfig({ ...base, PORT: '3000' }).rhombus?.redirectUri).toBe(
      'http://localhost:3000/oauth/callback/rhombus',
    )
  })

  it('picks the region and dialect hosts, and URL variables override them', () => {
    const us = resolveBffConfig(loadBffConfig(base)).rhombus
    expect(us).toMatchObject({
      consoleUrl: 'https://console.rhombussystems.com',
      authUrl: 'https://auth-web.rhombussystems.com',
      apiUrl: 'https://api2.rhombussystems.com',
    })
    const euLegacy = resolveBffConfig(
      loadBffConfig({ ...base, RHOMBUS_REGION: 'eu', RHOMBUS_PROTOCOL: 'legacy' }),
    ).rhombus
    expect(euLegacy).toMatchObject({
      protocol: 'legacy',
      consoleUrl: 'https://console.eu.rhombussystems.com',
      authUrl: 'https://auth.eu.rhombussystems.com',
      apiUrl: 'https://api2.eu.rhombussystems.com',
    })
    const sandbox = resolveBffConfig(
      loadBffConfig({
        ...base,
        RHOMBUS_REGION: 'eu',
        RHOMBUS_CONSOLE_URL: 'http://127.0.0.1:4000/rhombus/console',
        RHOMBUS_AUTH_URL: 'http://127.0.0.1:4000/rhombus/auth-web/',
        RHOMBUS_API_URL: 'http://127.0.0.1:4000/rhombus/api',
        RHOMBUS_REDIRECT_URI: 'http://localhost:5173/cb',
        DOORWAY_ALLOWED_ORIGINS: 'https://a.test, https://b.test:8443',
      }),
    )
    expect(sandbox.rhombus).toMatchObject({
      consoleUrl: 'http://127.0.0.1:4000/rhombus/console',
      authUrl: 'http://127.0.0.1:4000/rhombus/auth-web',
      apiUrl: 'http://127.0.0.1:4000/rhombus/api',
      redirectUri: 'http://localhost:5173/cb',
    })
    expect([...sandbox.allowedOrigins]).toEqual([
      'http://localhost:5173',
      'https://a.test',
      'https://b.test:8443',
    ])
  })

  it('leaves Rhombus out when no client is configured', () => {
    expect(loadBffConfig({ SESSION_SECRET: secret })).toEqual({ sessionSecret: secret })
  })

  it('lists every invalid variable at once, never echoing a secret', () => {
    const issues = issuesOf(() =>
      loadBffConfig({
        SESSION_SECRET: 'short-secret-value',
        RHOMBUS_CLIENT_ID: 'cid',
        RHOMBUS_PROTOCOL: 'oauth3',
        RHOMBUS_REGION: 'asia',
        RHOMBUS_CONSOLE_URL: 'console.rhombussystems.com',
        RHOMBUS_AUTH_URL: 'ftp://auth',
        RHOMBUS_API_URL: 'not a url',
        RHOMBUS_REDIRECT_URI: '/oauth/callback',
        DOORWAY_ALLOWED_ORIGINS: 'https://ok.test,nope',
        PORT: 'eighty',
      }),
    )
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'DOORWAY_ALLOWED_ORIGINS',
      'PORT',
      'RHOMBUS_API_URL',
      'RHOMBUS_AUTH_URL',
      'RHOMBUS_CLIENT_SECRET',
      'RHOMBUS_CONSOLE_URL',
      'RHOMBUS_PROTOCOL',
      'RHOMBUS_REDIRECT_URI',
      'RHOMBUS_REGION',
      'SESSION_SECRET',
    ])
    expect(issues.find((issue) => issue.key === 'RHOMBUS_PROTOCOL')?.message).toContain(
      'oauth2, legacy',
    )
    expect(JSON.stringify(issues)).not.toContain('short-secret-value')
  })

  it('requires SESSION_SECRET', () => {
    expect(issuesOf(() => loadBffConfig({}))).toEqual([
      { key: 'SESSION_SECRET', message: expect.stringContaining('required') },
    ])
  })
})

describe('resolveBffConfig', () => {
  it('refuses a session secret under 32 characters with a clear error', () => {
    expect(() => resolveBffConfig({ sessionSecret: 'x'.repeat(31) })).toThrow(
      /sessionSecret: is required and must be at least 32 characters/,
    )
    expect(() => resolveBffConfig({ sessionSecret: 'x'.repeat(32) })).not.toThrow()
  })

  it('applies the documented defaults', () => {
    const config = resolveBffConfig({ sessionSecret: 'x'.repeat(32) })
    expect(config).toMatchObject({
      basePath: '/bff',
      secureCookies: true,
      upstreamTimeoutMs: 10_000,
      maxBodyBytes: 64 * 1024,
      sessionTtlSeconds: 3600,
      rhombus: undefined,
    })
  })

  it('checks programmatic values too', () => {
    expect(() =>
      resolveBffConfig({
        sessionSecret: 'x'.repeat(32),
        basePath: 'bff',
        upstreamTimeoutMs: 0,
        allowedOrigins: ['nope'],
        rhombus: { clientId: '', clientSecret: 's', redirectUri: 'x', authUrl: 'y' },
      }),
    ).toThrow(BffConfigError)
  })
})
