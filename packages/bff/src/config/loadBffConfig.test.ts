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

  it('RHOMBUS_PARTNERS: partner sign-in is supported unless it is "false"', () => {
    expect(resolveBffConfig(loadBffConfig(base)).rhombus?.supportsPartners).toBe(true)
    expect(
      resolveBffConfig(loadBffConfig({ ...base, RHOMBUS_PARTNERS: 'true' })).rhombus
        ?.supportsPartners,
    ).toBe(true)
    const off = loadBffConfig({ ...base, RHOMBUS_PARTNERS: 'false' })
    expect(off.rhombus?.supportsPartners).toBe(false)
    expect(resolveBffConfig(off).rhombus?.supportsPartners).toBe(false)
    expect(issuesOf(() => loadBffConfig({ ...base, RHOMBUS_PARTNERS: 'no' }))).toEqual([
      { key: 'RHOMBUS_PARTNERS', message: 'must be one of true, false, got "no"' },
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

describe('loadBffConfig: Envoy, Versori and the credential store', () => {
  it('Envoy: enabled by client id and secret, with the documented defaults', () => {
    const config = loadBffConfig({
      ...base,
      PORT: '3000',
      ENVOY_CLIENT_ID: 'ecid',
      ENVOY_CLIENT_SECRET: 'esecret',
    })
    expect(config.envoy).toEqual({
      clientId: 'ecid',
      clientSecret: 'esecret',
      redirectUri: 'http://localhost:3000/oauth/callback/envoy',
    })
    expect(resolveBffConfig(config).envoy).toEqual({
      clientId: 'ecid',
      clientSecret: 'esecret',
      scopes: ['locations.read', 'token.refresh'],
      authUrl: 'https://app.envoy.com',
      apiUrl: 'https://api.envoy.com',
      redirectUri: 'http://localhost:3000/oauth/callback/envoy',
    })
  })

  it('Envoy: every variable, and its redirect origin is allowed', () => {
    const config = loadBffConfig({
      ...base,
      ENVOY_CLIENT_ID: 'ecid',
      ENVOY_CLIENT_SECRET: 'esecret',
      ENVOY_SCOPES: ' locations.read  entries.read token.refresh ',
      ENVOY_AUTH_URL: 'http://127.0.0.1:4010/envoy/app/',
      ENVOY_API_URL: 'http://127.0.0.1:4010/envoy/api',
      ENVOY_REDIRECT_URI: 'https://app.test/oauth/callback/envoy',
      RHOMBUS_API_KEY: 'rkey',
    })
    const resolved = resolveBffConfig(config)
    expect(resolved.envoy).toMatchObject({
      scopes: ['locations.read', 'entries.read', 'token.refresh'],
      authUrl: 'http://127.0.0.1:4010/envoy/app',
      apiUrl: 'http://127.0.0.1:4010/envoy/api',
    })
    expect(resolved.rhombus?.apiKey).toBe('rkey')
    expect(resolved.allowedOrigins.has('https://app.test')).toBe(true)
  })

  it('Versori: any VERSORI_* enables it and requires the rest', () => {
    const issues = issuesOf(() =>
      loadBffConfig({ ...base, VERSORI_API: 'connect', VERSORI_BASE_URL: 'nope' }),
    )
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'VERSORI_BASE_URL',
      'VERSORI_CLIENT_ID',
      'VERSORI_CONNECTOR_ID',
      'VERSORI_CREDENTIAL_ID',
      'VERSORI_CREDENTIAL_ORGANISATION_ID',
      'VERSORI_HUB_ID',
      'VERSORI_ORGANISATION_ID',
      'VERSORI_TOKEN',
    ])
  })

  it('Versori: a full configuration, with Envoy-derived defaults', () => {
    const env = {
      ...base,
      ENVOY_CLIENT_ID: 'ecid',
      ENVOY_CLIENT_SECRET: 'esecret',
      ENVOY_AUTH_URL: 'http://127.0.0.1:4010/envoy/app',
      VERSORI_HUB_ID: 'hub',
      VERSORI_CONNECTOR_ID: 'connector',
      VERSORI_ORGANISATION_ID: 'org',
      VERSORI_TOKEN: 'vtoken',
      VERSORI_CREDENTIAL_ID: 'cred',
      VERSORI_CLIENT_ID: 'vclient',
      VERSORI_CALLBACK_ORIGIN: 'http://127.0.0.1:4010',
      VERSORI_USER_ID_PREFIX: 'doorway:',
    }
    expect(resolveBffConfig(loadBffConfig(env)).versori).toEqual({
      api: 'embedded',
      baseUrl: 'https://platform.versori.com',
      hubId: 'hub',
      connectorId: 'connector',
      organisationId: 'org',
      token: 'vtoken',
      credentialId: 'cred',
      credentialOrganisationId: 'org',
      clientId: 'vclient',
      authorizeUrl: 'http://127.0.0.1:4010/envoy/app/a/auth/v0/authorize',
      scopes: ['locations.read', 'token.refresh'],
      callbackOrigin: 'http://127.0.0.1:4010',
      userIdPrefix: 'doorway:',
    })
    expect(
      loadBffConfig({
        ...env,
        VERSORI_API: 'connect',
        VERSORI_CREDENTIAL_ORGANISATION_ID: 'credorg',
        VERSORI_AUTHORIZE_URL: 'https://envoy.example/authorize',
        VERSORI_SCOPES: 'locations.read',
        VERSORI_BASE_URL: 'https://platform-staging.versori.com',
      }).versori,
    ).toMatchObject({
      api: 'connect',
      credentialOrganisationId: 'credorg',
      authorizeUrl: 'https://envoy.example/authorize',
      scopes: ['locations.read'],
      baseUrl: 'https://platform-staging.versori.com',
    })
  })

  it('DOORWAY_DB and DOORWAY_ENCRYPTION_KEY; half-configured Envoy and a stray API key are refused', () => {
    expect(
      loadBffConfig({
        ...base,
        DOORWAY_DB: '/var/lib/doorway/credentials.db',
        DOORWAY_ENCRYPTION_KEY: 'k'.repeat(32),
      }),
    ).toMatchObject({
      databaseFile: '/var/lib/doorway/credentials.db',
      encryptionKey: 'k'.repeat(32),
    })
    const issues = issuesOf(() =>
      loadBffConfig({
        SESSION_SECRET: secret,
        ENVOY_CLIENT_ID: 'ecid',
        ENVOY_SCOPES: 'a,b',
        ENVOY_API_URL: 'api.envoy.com',
        RHOMBUS_API_KEY: 'key-without-client',
        DOORWAY_ENCRYPTION_KEY: 'short-key-value',
      }),
    )
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'DOORWAY_ENCRYPTION_KEY',
      'ENVOY_API_URL',
      'ENVOY_CLIENT_SECRET',
      'ENVOY_SCOPES',
      'RHOMBUS_API_KEY',
    ])
    expect(JSON.stringify(issues)).not.toContain('short-key-value')
    expect(JSON.stringify(issues)).not.toContain('key-without-client')
  })
})
