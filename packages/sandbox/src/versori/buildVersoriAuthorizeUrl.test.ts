import { describe, expect, it } from 'vitest'
import {
  buildVersoriAuthorizeUrl,
  type VersoriAuthorizeUrlInput,
} from './buildVersoriAuthorizeUrl.js'

const base: VersoriAuthorizeUrlInput = {
  authorizeUrl: 'https://app.envoy.com/a/auth/v0/authorize',
  clientId: 'client-1',
  redirectUri: 'https://platform.versori.com/oauth/callback',
  state: 'st',
}

const build = (input: Partial<VersoriAuthorizeUrlInput> = {}) => {
  const result = buildVersoriAuthorizeUrl({ ...base, ...input })
  if (typeof result === 'string') throw new Error(result)
  return result
}

const redirect = encodeURIComponent(base.redirectUri)

describe('buildVersoriAuthorizeUrl', () => {
  it('adds the six standard parameters, offline_access and prompt=login by default', () => {
    const { url, scopes } = build({ scopes: ['locations.read', 'token.refresh'] })
    expect(url.href).toBe(
      `https://app.envoy.com/a/auth/v0/authorize?response_type=code&client_id=client-1&redirect_uri=${redirect}&scope=locations.read+token.refresh+offline_access&state=st&prompt=login`,
    )
    expect(scopes).toEqual(['locations.read', 'token.refresh', 'offline_access'])
  })

  it('leaves offline_access out when disabled, and scope out when nothing is left', () => {
    expect(build({ scopes: ['a'], disableOfflineAccess: true }).url.searchParams.get('scope')).toBe(
      'a',
    )
    expect(build({ disableOfflineAccess: true }).url.searchParams.has('scope')).toBe(false)
  })

  it('does not repeat offline_access already in scopes', () => {
    expect(build({ scopes: ['offline_access'] }).scopes).toEqual(['offline_access'])
  })

  it('sends prompt combinations joined by + in the URL (a space once decoded), never %2B', () => {
    const { url } = build({ prompt: 'consent+select_account' })
    expect(url.search).toContain('&prompt=consent+select_account')
    expect(url.search).not.toContain('%2B')
    expect(url.searchParams.get('prompt')).toBe('consent select_account')
  })

  it('sends no default prompt when additionalParams has approval_prompt', () => {
    const { url } = build({ additionalParams: 'approval_prompt=force&access_type=offline' })
    expect(url.searchParams.has('prompt')).toBe(false)
    expect(url.search).toMatch(/&state=st&approval_prompt=force&access_type=offline$/)
  })

  it('appends additionalParams after the standard ones, decoded once', () => {
    const { url } = build({ additionalParams: 'bar=baz&foo=cat%20bob' })
    expect(url.search).toMatch(/&prompt=login&bar=baz&foo=cat\+bob$/)
    expect(url.searchParams.get('foo')).toBe('cat bob')
  })

  it('keeps a query the authorize URL already has', () => {
    const { url } = build({ authorizeUrl: 'https://idp.example/authorize?tenant=t1' })
    expect(url.search).toMatch(/^\?tenant=t1&response_type=code&/)
  })

  it.each(['redirect_uri', 'state', 'prompt', 'scope', 'response_type', 'client_id'])(
    'refuses additionalParams setting %s',
    (name) => {
      expect(buildVersoriAuthorizeUrl({ ...base, additionalParams: `x=1&${name}=evil` })).toBe(
        'parameterConflict',
      )
    },
  )

  it.each(['%20State', 'STATE', 'st%61te', 'state%00', '%09Redirect_URI%20', 'Client_Id%7F'])(
    '31. compares names after decoding, trimming and lower-casing: %s is a collision',
    (name) => {
      expect(buildVersoriAuthorizeUrl({ ...base, additionalParams: `${name}=evil` })).toBe(
        'parameterConflict',
      )
    },
  )

  it('refuses an authorize URL that already carries a standard parameter', () => {
    expect(
      buildVersoriAuthorizeUrl({
        ...base,
        authorizeUrl: 'https://idp.example/authorize?client_id=x',
      }),
    ).toBe('authorizeUrlConflict')
  })
})
