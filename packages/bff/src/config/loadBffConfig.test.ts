import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BffConfig, VersoriBffConfig } from './BffConfig.js'
import { BffConfigError, type BffConfigIssue } from './BffConfigError.js'
import { settingEntries } from './bffSettings.js'
import { loadBffConfig, loadBffEnvironment } from './loadBffConfig.js'
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
  it('defaults to oauth2, us and the redirect URI on DOORWAY_APP_ORIGIN (http://localhost:5173)', () => {
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
    expect(
      loadBffConfig({ ...base, DOORWAY_APP_ORIGIN: 'http://localhost:3000' }).rhombus?.redirectUri,
    ).toBe('http://localhost:3000/oauth/callback/rhombus')
  })

  it('listens on PORT 8787 by default, and PORT moves only the listener, never the redirect URIs', () => {
    expect(loadBffEnvironment(base)).toMatchObject({
      port: 8787,
      host: 'localhost',
      appOrigin: 'http://localhost:5173',
    })
    const moved = loadBffEnvironment({
      ...base,
      PORT: '3000',
      ENVOY_CLIENT_ID: 'ecid',
      ENVOY_CLIENT_SECRET: 'esecret',
    })
    expect(moved.port).toBe(3000)
    expect(moved.config.rhombus?.redirectUri).toBe('http://localhost:5173/oauth/callback/rhombus')
    expect(moved.config.envoy?.redirectUri).toBe('http://localhost:5173/oauth/callback/envoy')
  })

  it('DOORWAY_APP_ORIGIN: reduced to its origin, the redirect URIs on it; an explicit redirect URI wins', () => {
    const loaded = loadBffEnvironment({
      ...base,
      DOORWAY_APP_ORIGIN: 'https://app.example.com:8443/',
      ENVOY_CLIENT_ID: 'ecid',
      ENVOY_CLIENT_SECRET: 'esecret',
      ENVOY_REDIRECT_URI: 'https://elsewhere.example.com/envoy',
    })
    expect(loaded.appOrigin).toBe('https://app.example.com:8443')
    expect(loaded.config.rhombus?.redirectUri).toBe(
      'https://app.example.com:8443/oauth/callback/rhombus',
    )
    expect(loaded.config.envoy?.redirectUri).toBe('https://elsewhere.example.com/envoy')
  })

  it('an invalid DOORWAY_APP_ORIGIN is named once (not as the redirect URIs made from it)', () => {
    const env = { ...base, DOORWAY_APP_ORIGIN: 'localhost:3000', ENVOY_CLIENT_ID: 'e' }
    expect(issuesOf(() => loadBffConfig({ ...env, ENVOY_CLIENT_SECRET: 's' }))).toEqual([
      { key: 'DOORWAY_APP_ORIGIN', message: 'must be an http(s) origin, got "localhost:3000"' },
    ])
    expect(() => loadBffConfig({ ...base, DOORWAY_APP_ORIGIN: 'ftp://app' })).toThrow(
      /DOORWAY_APP_ORIGIN/,
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
    // No RHOMBUS_CLIENT_SECRET: an oauth2 client without one is a public client.
    expect(issues.map((issue) => issue.key).sort()).toEqual([
      'DOORWAY_ALLOWED_ORIGINS',
      'PORT',
      'RHOMBUS_API_URL',
      'RHOMBUS_AUTH_URL',
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

describe('loadBffConfig: Envoy, Versori and the credential store', () => {
  it('Envoy: enabled by client id and secret, with the documented defaults', () => {
    const config = loadBffConfig({
      ...base,
      DOORWAY_APP_ORIGIN: 'http://localhost:3000',
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
      tokenUrl: 'http://127.0.0.1:4010/envoy/app/a/auth/v0/token',
      scopes: ['locations.read', 'token.refresh'],
      callbackOrigin: 'http://127.0.0.1:4010',
      userIdPrefix: 'doorway:',
    })
    expect(
      resolveBffConfig(
        loadBffConfig({ ...env, VERSORI_AUTHORIZE_URL: 'https://envoy.example/authorize' }),
      ).versori?.tokenUrl,
    ).toBe('https://envoy.example/token')
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
        DOORWAY_ENCRYPTION_KEY: 'encryption-key-7Hq2Lx9Pw4Zr8Tn3Vb6Kc1',
      }),
    ).toMatchObject({
      databaseFile: '/var/lib/doorway/credentials.db',
      encryptionKey: 'encryption-key-7Hq2Lx9Pw4Zr8Tn3Vb6Kc1',
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
      'RHOMBUS_CLIENT_ID',
    ])
    expect(issues).toContainEqual({
      key: 'RHOMBUS_CLIENT_ID',
      message: 'is required when RHOMBUS_API_KEY is set',
    })
    expect(JSON.stringify(issues)).not.toContain('short-key-value')
    expect(JSON.stringify(issues)).not.toContain('key-without-client')
  })
})

describe('loadBffConfig: public clients, permissions and limits', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('RHOMBUS_CLIENT_ID alone is a public oauth2 client', () => {
    const config = loadBffConfig({ SESSION_SECRET: secret, RHOMBUS_CLIENT_ID: 'public-client' })
    expect(config.rhombus).toEqual({
      clientId: 'public-client',
      protocol: 'oauth2',
      region: 'us',
      redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
    })
    expect(resolveBffConfig(config).rhombus?.clientSecret).toBeUndefined()
  })

  it('the legacy dialect needs RHOMBUS_CLIENT_SECRET; a secret needs RHOMBUS_CLIENT_ID', () => {
    expect(
      issuesOf(() =>
        loadBffConfig({
          SESSION_SECRET: secret,
          RHOMBUS_CLIENT_ID: 'c',
          RHOMBUS_PROTOCOL: 'legacy',
        }),
      ),
    ).toEqual([
      {
        key: 'RHOMBUS_CLIENT_SECRET',
        message:
          'is required when RHOMBUS_PROTOCOL is legacy (its JSON token body carries the secret)',
      },
    ])
    expect(
      issuesOf(() =>
        loadBffConfig({ SESSION_SECRET: secret, RHOMBUS_CLIENT_SECRET: 'orphan-SECRET' }),
      ),
    ).toEqual([
      { key: 'RHOMBUS_CLIENT_ID', message: 'is required when RHOMBUS_CLIENT_SECRET is set' },
    ])
  })

  it('RHOMBUS_ENVOY_PERMISSION: superAdmin unless it is member', () => {
    expect(resolveBffConfig(loadBffConfig(base)).rhombus?.envoyIntegrationPermission).toBe(
      'superAdmin',
    )
    const member = loadBffConfig({ ...base, RHOMBUS_ENVOY_PERMISSION: 'member' })
    expect(member.rhombus?.envoyIntegrationPermission).toBe('member')
    expect(resolveBffConfig(member).rhombus?.envoyIntegrationPermission).toBe('member')
    expect(issuesOf(() => loadBffConfig({ ...base, RHOMBUS_ENVOY_PERMISSION: 'admin' }))).toEqual([
      {
        key: 'RHOMBUS_ENVOY_PERMISSION',
        message: 'must be one of superAdmin, member, got "admin"',
      },
    ])
  })

  it('DOORWAY_MAX_UPSTREAM_BYTES and DOORWAY_SESSION_MAX_AGE_SECONDS: positive integers', () => {
    const config = loadBffConfig({
      SESSION_SECRET: secret,
      DOORWAY_MAX_UPSTREAM_BYTES: '1048576',
      DOORWAY_SESSION_MAX_AGE_SECONDS: '86400',
    })
    expect(config).toEqual({
      sessionSecret: secret,
      maxUpstreamBytes: 1_048_576,
      sessionMaxAgeSeconds: 86_400,
    })
    expect(resolveBffConfig(config)).toMatchObject({
      maxBodyBytes: 64 * 1024,
      maxUpstreamBytes: 1_048_576,
      sessionMaxAgeSeconds: 86_400,
    })
    const issues = issuesOf(() =>
      loadBffConfig({
        SESSION_SECRET: secret,
        DOORWAY_MAX_UPSTREAM_BYTES: '8 MiB',
        DOORWAY_SESSION_MAX_AGE_SECONDS: '0',
      }),
    )
    expect(issues).toEqual([
      { key: 'DOORWAY_MAX_UPSTREAM_BYTES', message: 'must be a positive integer, got "8 MiB"' },
      { key: 'DOORWAY_SESSION_MAX_AGE_SECONDS', message: 'must be a positive integer' },
    ])
  })

  it('checks the variables of a provider that is off, and an invalid PORT', () => {
    expect(
      issuesOf(() => loadBffConfig({ SESSION_SECRET: secret, RHOMBUS_PROTOCOL: 'soap' })),
    ).toEqual([{ key: 'RHOMBUS_PROTOCOL', message: 'must be one of oauth2, legacy, got "soap"' }])
    expect(issuesOf(() => loadBffConfig({ ...base, PORT: 'eighty' }))).toEqual([
      { key: 'PORT', message: 'must be a port number, got "eighty"' },
    ])
  })

  it('reads process.env when given no environment', () => {
    vi.stubEnv('SESSION_SECRET', secret)
    vi.stubEnv('RHOMBUS_CLIENT_ID', 'from-process-env')
    expect(loadBffConfig().rhombus?.clientId).toBe('from-process-env')
  })

  it('decides each rule once: the environment and the config get the same issues, named their way', () => {
    const cases: [Record<string, string>, BffConfig][] = [
      [
        { RHOMBUS_CLIENT_ID: 'c', RHOMBUS_PROTOCOL: 'legacy', RHOMBUS_AUTH_URL: 'ftp://auth' },
        {
          sessionSecret: secret,
          rhombus: {
            clientId: 'c',
            protocol: 'legacy',
            authUrl: 'ftp://auth',
            redirectUri: 'http://localhost:5173/oauth/callback/rhombus',
          },
        },
      ],
      [
        { VERSORI_API: 'connect', VERSORI_CALLBACK_ORIGIN: 'nope' },
        {
          sessionSecret: secret,
          versori: { api: 'connect', callbackOrigin: 'nope' } as VersoriBffConfig,
        },
      ],
      [
        { DOORWAY_MAX_UPSTREAM_BYTES: '0', DOORWAY_ENCRYPTION_KEY: 'short' },
        { sessionSecret: secret, maxUpstreamBytes: 0, encryptionKey: 'short' },
      ],
    ]
    const variables = new Map(
      settingEntries.flatMap((entry) =>
        entry.setting.env ? [[entry.setting.env, entry.path]] : [],
      ),
    )
    // The environment also says which variable turned the provider on.
    const inConfigTerms = ({ key, message }: BffConfigIssue) => ({
      key: variables.get(key) ?? key,
      message: [...variables].reduce(
        (text, [variable, path]) => text.replaceAll(variable, path),
        message.replace(/ when [A-Z_]+ is set$/, ''),
      ),
    })
    for (const [env, config] of cases) {
      const fromEnvironment = issuesOf(() => loadBffConfig({ SESSION_SECRET: secret, ...env }))
      expect(fromEnvironment.map(inConfigTerms)).toEqual(issuesOf(() => resolveBffConfig(config)))
    }
  })
})
