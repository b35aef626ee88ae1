import { describe, expect, it } from 'vitest'
import type { BffConfig } from './BffConfig.js'
import { BffConfigError } from './BffConfigError.js'
import { resolveBffConfig } from './resolveBffConfig.js'
import { secretCommand } from './settingTypes.js'

const sessionSecret = 'resolve-config-session-secret-0123456789'
const redirectUri = 'https://app.test/oauth/callback/rhombus'

function issuesOf(config: BffConfig) {
  try {
    resolveBffConfig(config)
  } catch (error) {
    expect(error).toBeInstanceOf(BffConfigError)
    return (error as BffConfigError).issues
  }
  throw new Error('expected a BffConfigError')
}

describe('resolveBffConfig', () => {
  it('refuses a session secret under 32 characters with a clear error', () => {
    expect(() => resolveBffConfig({ sessionSecret: 'x'.repeat(31) })).toThrow(
      /sessionSecret: must be at least 32 characters/,
    )
    expect(issuesOf({} as BffConfig)).toEqual([
      {
        key: 'sessionSecret',
        message: `is required (at least 32 characters, random (e.g. from \`${secretCommand}\`))`,
      },
    ])
    expect(() => resolveBffConfig({ sessionSecret })).not.toThrow()
  })

  it('refuses a long but predictable session secret (one letter repeated, a short pattern), naming the command that makes a good one', () => {
    for (const weak of ['a'.repeat(32), 'x'.repeat(64), 'abcd'.repeat(8), 'secret'.repeat(6)]) {
      const [issue] = issuesOf({ sessionSecret: weak })
      expect(issue?.key).toBe('sessionSecret')
      expect(issue?.message).toMatch(/^is too predictable \(about \d+ bits of entropy, 100 needed/)
      expect(issue?.message).toContain(secretCommand)
      expect(issue?.message).not.toContain(weak)
    }
    // What the command makes passes, as does a long random-looking phrase.
    for (const good of [
      'fMaVbCFp76CNBWTzZgaOAJW-DMK2aE-7aQ2R6eEfgLQ',
      '7bc90d8aa185b085d3e688089050fa0e3d8a56c7386a1585',
    ]) {
      expect(() => resolveBffConfig({ sessionSecret: good })).not.toThrow()
    }
  })

  it('applies the documented defaults', () => {
    const config = resolveBffConfig({ sessionSecret })
    expect(config).toMatchObject({
      basePath: '/bff',
      secureCookies: true,
      upstreamTimeoutMs: 10_000,
      maxBodyBytes: 64 * 1024,
      maxUpstreamBytes: 8 * 1024 * 1024,
      sessionTtlSeconds: 3600,
      sessionMaxAgeSeconds: 30 * 24 * 3600,
      rhombus: undefined,
      envoy: undefined,
      versori: undefined,
    })
    expect(config).not.toHaveProperty('sessionRevocations')
    expect(config.oauthProviders.size).toBe(0)
    expect([...config.allowedOrigins]).toEqual([])
  })

  it('checks programmatic values too', () => {
    expect(
      issuesOf({
        sessionSecret,
        basePath: 'bff',
        upstreamTimeoutMs: 0,
        maxUpstreamBytes: 1.5,
        sessionMaxAgeSeconds: -1,
        allowedOrigins: ['nope'],
        rhombus: { clientId: '', clientSecret: 's', redirectUri: 'x', authUrl: 'y' },
      }),
    ).toEqual([
      { key: 'allowedOrigins', message: 'must be http(s) origins, got "nope"' },
      { key: 'basePath', message: 'must look like "/bff" or be empty, got "bff"' },
      { key: 'upstreamTimeoutMs', message: 'must be a positive number' },
      { key: 'maxUpstreamBytes', message: 'must be a positive integer' },
      { key: 'sessionMaxAgeSeconds', message: 'must be a positive integer' },
      { key: 'rhombus.authUrl', message: 'must be an absolute http(s) URL, got "y"' },
      { key: 'rhombus.redirectUri', message: 'must be an absolute http(s) URL, got "x"' },
      { key: 'rhombus.clientId', message: 'is required' },
    ])
    expect(issuesOf({ sessionSecret, rhombus: 'yes' as never })).toEqual([
      { key: 'rhombus', message: 'must be an object' },
    ])
  })

  it('a Rhombus client without a secret is a public oauth2 client; legacy needs the secret', () => {
    const rhombus = resolveBffConfig({
      sessionSecret,
      rhombus: { clientId: 'c', redirectUri },
    }).rhombus
    expect(rhombus).toEqual({
      clientId: 'c',
      clientSecret: undefined,
      protocol: 'oauth2',
      consoleUrl: 'https://console.rhombussystems.com',
      authUrl: 'https://auth-web.rhombussystems.com',
      apiUrl: 'https://api2.rhombussystems.com',
      redirectUri,
      apiKey: undefined,
      envoyIntegrationPermission: 'superAdmin',
      supportsPartners: true,
    })
    expect(
      issuesOf({ sessionSecret, rhombus: { clientId: 'c', protocol: 'legacy', redirectUri } }),
    ).toEqual([
      {
        key: 'rhombus.clientSecret',
        message:
          'is required when rhombus.protocol is legacy (its JSON token body carries the secret)',
      },
    ])
  })

  it('envoyIntegrationPermission is superAdmin or member', () => {
    const member = resolveBffConfig({
      sessionSecret,
      rhombus: { clientId: 'c', redirectUri, envoyIntegrationPermission: 'member' },
    })
    expect(member.rhombus?.envoyIntegrationPermission).toBe('member')
    expect(
      issuesOf({
        sessionSecret,
        rhombus: { clientId: 'c', redirectUri, envoyIntegrationPermission: 'owner' as never },
      }),
    ).toEqual([
      {
        key: 'rhombus.envoyIntegrationPermission',
        message: 'must be one of superAdmin, member, got "owner"',
      },
    ])
  })

  it('never quotes a secret', () => {
    const issues = issuesOf({
      sessionSecret: 'short-SECRET-value',
      encryptionKey: 'short-KEY-value',
      rhombus: { clientId: 'c', clientSecret: 42 as never, redirectUri },
    })
    expect(issues.map((issue) => issue.key)).toEqual([
      'sessionSecret',
      'encryptionKey',
      'rhombus.clientSecret',
    ])
    expect(JSON.stringify(issues)).not.toMatch(/SECRET|KEY|42/)
  })

  it('allows the redirect URIs’ origins first, then the extra ones', () => {
    const config = resolveBffConfig({
      sessionSecret,
      allowedOrigins: ['https://extra.test/some/path', 'https://app.test'],
      rhombus: { clientId: 'c', redirectUri },
      envoy: {
        clientId: 'e',
        clientSecret: 'es',
        redirectUri: 'https://envoy-callback.test/cb',
      },
    })
    expect([...config.allowedOrigins]).toEqual([
      'https://app.test',
      'https://envoy-callback.test',
      'https://extra.test',
    ])
    expect([...config.oauthProviders.keys()]).toEqual(['envoy'])
  })
})
