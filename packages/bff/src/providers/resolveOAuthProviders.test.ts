import { describe, expect, it } from 'vitest'
import { envoySettings, oidcSettings, sessionSecret } from '../__tests__/bffTestKit.js'
import type { BffConfig, ProviderConfig } from '../config/BffConfig.js'
import { BffConfigError } from '../config/BffConfigError.js'
import { resolveBffConfig } from '../config/resolveBffConfig.js'
import { createMemoryCredentialStore } from '../store/createMemoryCredentialStore.js'
import { genericOAuthProvider } from './ResolvedOAuthProvider.js'

const resolve = (config: Partial<BffConfig>) =>
  resolveBffConfig({ sessionSecret, store: createMemoryCredentialStore(), ...config })

function issuesOf(config: Partial<BffConfig>): { key: string; message: string }[] {
  try {
    resolve(config)
  } catch (error) {
    expect(error).toBeInstanceOf(BffConfigError)
    expect((error as Error).message).not.toContain('SECRET')
    return [...(error as BffConfigError).issues]
  }
  throw new Error('expected a BffConfigError')
}

const withOidc = (overrides: Record<string, unknown>) => ({
  oauthProviders: {
    oidc: { ...oidcSettings, ...overrides } as unknown as ProviderConfig,
  },
})

describe('oauthProviders configuration', () => {
  it('resolves a provider as given, PKCE on by default, redirect_uri sent', () => {
    const { oauthProviders, allowedOrigins } = resolve({ oauthProviders: { oidc: oidcSettings } })
    expect(oauthProviders.get('oidc')).toEqual({
      id: 'oidc',
      name: 'oidc',
      clientId: 'oidc-client',
      clientSecret: 'oidc-SECRET-client',
      authorizeUrl: 'https://as.test/authorize?tenant=t1',
      tokenEndpoint: 'https://as.test/token',
      scopes: ['openid', 'profile'],
      redirectUri: oidcSettings.redirectUri,
      issuer: 'https://as.test',
      pkce: true,
      encoding: 'form',
      clientAuth: 'client_secret_basic',
      sendRedirectUri: true,
    })
    expect(allowedOrigins.has('http://localhost:5173')).toBe(true)
    expect(genericOAuthProvider('oidc', oidcSettings)).toEqual({
      tokenEndpoint: 'https://as.test/token',
      encoding: 'form',
      clientAuth: 'client_secret_basic',
      issuer: 'https://as.test',
      name: 'oidc',
    })
  })

  it('the envoy setting is the preset entry envoy: JSON, credentials in the body, no PKCE', () => {
    const { oauthProviders } = resolve({ envoy: envoySettings })
    expect(oauthProviders.get('envoy')).toEqual({
      id: 'envoy',
      name: 'Envoy',
      clientId: envoySettings.clientId,
      clientSecret: envoySettings.clientSecret,
      authorizeUrl: 'https://envoy-app.test/a/auth/v0/authorize',
      tokenEndpoint: 'https://envoy-app.test/a/auth/v0/token',
      scopes: ['locations.read', 'token.refresh'],
      redirectUri: envoySettings.redirectUri,
      pkce: false,
      encoding: 'json',
      clientAuth: 'body',
      sendRedirectUri: false,
      accountParameter: 'company_id',
    })
    expect(resolve({}).oauthProviders.size).toBe(0)
  })

  it.each([
    ['rhombus', 'sign-in provider'],
    ['envoy', 'preset'],
    ['Oidc', '[a-z][a-z0-9-]*'],
    ['1oidc', '[a-z][a-z0-9-]*'],
    ['oidc_2', '[a-z][a-z0-9-]*'],
    ['', '[a-z][a-z0-9-]*'],
    ['a'.repeat(65), 'at most 64'],
  ])('refuses the id "%s"', (id, message) => {
    const issues = issuesOf({ oauthProviders: { [id]: oidcSettings } })
    expect(issues).toContainEqual({
      key: `oauthProviders.${id}`,
      message: expect.stringContaining(message),
    })
  })

  it('accepts ids like my-idp2', () => {
    expect(resolve({ oauthProviders: { 'my-idp2': oidcSettings } }).oauthProviders.size).toBe(1)
  })

  it.each([
    ['clientId', { clientId: '' }, 'is required'],
    ['clientSecret', { clientSecret: undefined }, 'is required'],
    ['authorizeUrl', { authorizeUrl: 'as.test/authorize' }, 'absolute http(s) URL'],
    ['authorizeUrl', { authorizeUrl: 'javascript:alert(1)' }, 'absolute http(s) URL'],
    ['tokenEndpoint', { tokenEndpoint: 'https://as.test/token#x' }, 'without a fragment'],
    ['tokenEndpoint', { tokenEndpoint: undefined }, 'is required'],
    ['redirectUri', { redirectUri: '/oauth/callback/oidc' }, 'absolute http(s) URL'],
    ['issuer', { issuer: 'https://as.test/?tenant=1' }, 'RFC 8414'],
    ['issuer', { issuer: 'as.test' }, 'RFC 8414'],
    ['scope', { scope: 'openid  profile' }, 'RFC 6749 §3.3'],
    ['scope', { scope: 'openid "profile"' }, 'RFC 6749 §3.3'],
    ['scope', { scope: '' }, 'RFC 6749 §3.3'],
    ['pkce', { pkce: 'yes' }, 'true or false'],
    ['encoding', { encoding: 'xml' }, '"form" or "json"'],
    ['clientAuth', { clientAuth: 'private_key_jwt' }, '"client_secret_basic"'],
    ['clientAuth', { clientAuth: 'client_secret_post', encoding: 'json' }, 'with JSON use "body"'],
  ])('refuses a bad %s: %j', (field, overrides, message) => {
    const issues = issuesOf(withOidc(overrides))
    expect(issues).toContainEqual({
      key: `oauthProviders.oidc.${field}`,
      message: expect.stringContaining(message),
    })
  })

  it('lists every problem at once, and a provider that is not an object', () => {
    const issues = issuesOf({
      oauthProviders: {
        a: { ...oidcSettings, clientId: '', tokenEndpoint: 'nope' },
        b: null as unknown as ProviderConfig,
      },
    })
    expect(issues.map((issue) => issue.key)).toEqual([
      'oauthProviders.a.clientId',
      'oauthProviders.a.tokenEndpoint',
      'oauthProviders.b',
    ])
    expect(issuesOf({ oauthProviders: [] as unknown as BffConfig['oauthProviders'] })).toEqual([
      { key: 'oauthProviders', message: 'must be an object of providers by id' },
    ])
  })
})
