import { type RhombusRegion, rhombusRegions, rhombusTokenHost } from '@doorway/core'
import { parseHttpUrl } from '../../config/parseHttpUrl.js'
import { RegisterError } from './RegisterError.js'

/** Where the registration commands call Rhombus. */
export interface RegisterHosts {
  region: RhombusRegion
  /** API host (`submitApplication` and the other `/api/oauth/…` calls). */
  apiUrl: string
  /** oauth2 token host (auth-web): RFC 7591 `/oauth/register`. */
  authWebUrl: string
}

/**
 * The hosts from the BFF's variables: `RHOMBUS_REGION` picks the defaults, `RHOMBUS_API_URL`
 * overrides the API host and `RHOMBUS_AUTH_URL` the auth-web host (it overrides the token
 * host of the chosen dialect, so it is ignored with `RHOMBUS_PROTOCOL=legacy`).
 */
export function registerHosts(env: Readonly<Record<string, string | undefined>>): RegisterHosts {
  const read = (key: string) => {
    const value = env[key]?.trim()
    return value === '' ? undefined : value
  }
  const region = read('RHOMBUS_REGION') ?? 'us'
  if (region !== 'us' && region !== 'eu') {
    throw new RegisterError(
      'usage',
      `RHOMBUS_REGION must be us or eu, got "${region}".`,
      'Set RHOMBUS_REGION=us or RHOMBUS_REGION=eu.',
    )
  }
  const url = (key: string) => {
    const value = read(key)
    if (value !== undefined && parseHttpUrl(value) === undefined) {
      throw new RegisterError(
        'usage',
        `${key} must be an absolute http(s) URL, got "${value}".`,
        `Fix or unset ${key}.`,
      )
    }
    return value
  }
  const hosts = rhombusRegions[region]
  const apiUrl = url('RHOMBUS_API_URL') ?? hosts.api
  const authUrl = url('RHOMBUS_AUTH_URL')
  const legacy = read('RHOMBUS_PROTOCOL') === 'legacy'
  const authWebUrl = authUrl !== undefined && !legacy ? authUrl : rhombusTokenHost(hosts, 'oauth2')
  return { region, apiUrl, authWebUrl }
}
