import { BffError } from '../../http/BffError.js'
import type { CallUpstream, UpstreamResponse } from '../../http/callUpstream.js'
import { parseJsonObject } from '../../http/callUpstream.js'
import { RegisterError } from './RegisterError.js'
import { redirectUriRemedy } from './redirectUri.js'

/** An application as `getApplicationByClientId` and friends show it (never the secret). */
export interface RhombusApplicationInfo {
  clientId: string
  name?: string
  description?: string
  contactEmail?: string
  redirectUri?: string
}

/** What `submitApplication` takes. */
export interface ApplicationFields {
  name: string
  description: string
  contactEmail: string
  redirectUri: string
}

/** Fresh credentials: the secret is shown by Rhombus only this once. */
export interface RegisteredClient {
  clientId: string
  /** Absent for a public client to which the server issued none. */
  clientSecret?: string
}

const keyHint = 'Check --api-key or RHOMBUS_API_KEY (and RHOMBUS_REGION / RHOMBUS_API_URL).'

/**
 * App management on the Rhombus API host with an API key (`x-auth-scheme: api-token`,
 * `x-auth-apikey`): every call is `POST {api}/api/oauth/<name>` with a JSON body. Rhombus
 * reports failures as HTTP 200 `{error: true, errorMsg}` (401 for a bad key); each becomes
 * a typed {@link RegisterError}. The key is only ever sent in its header.
 */
export function rhombusApplications(upstream: CallUpstream, apiUrl: string, apiKey: string) {
  const call = async (name: string, body: Record<string, unknown>) => {
    const response = await send(upstream, {
      url: `${apiUrl.replace(/\/+$/, '')}/api/oauth/${name}`,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-auth-scheme': 'api-token',
        'x-auth-apikey': apiKey,
      },
      body: JSON.stringify(body),
    })
    const json = parseJsonObject(response.body)
    const errorMsg = typeof json?.errorMsg === 'string' ? json.errorMsg : undefined
    if (response.status === 401 || response.status === 403) {
      throw new RegisterError(
        'bad_api_key',
        `Rhombus rejected the API key (HTTP ${response.status}${errorMsg ? `: ${errorMsg}` : ''}).`,
        keyHint,
      )
    }
    if (json?.error === true || (response.status >= 400 && errorMsg !== undefined)) {
      throw applicationError(errorMsg ?? `HTTP ${response.status}`)
    }
    if (response.status !== 200 || json === undefined) {
      throw new RegisterError(
        'invalid_response',
        `Rhombus answered ${name} with HTTP ${response.status} and no usable JSON.`,
        'Check RHOMBUS_API_URL points at the Rhombus API host (e.g. https://api2.rhombussystems.com).',
      )
    }
    return json
  }
  return {
    async submit(fields: ApplicationFields): Promise<RegisteredClient> {
      const json = await call('submitApplication', { ...fields })
      return credentials(json.clientId, json.clientSecret, 'submitApplication')
    },
    async list(): Promise<RhombusApplicationInfo[]> {
      const json = await call('getAllApplicationsForOrg', {})
      const list = json.applications
      return Array.isArray(list) ? list.filter(isApplication) : []
    },
    async show(clientId: string): Promise<RhombusApplicationInfo> {
      const json = await call('getApplicationByClientId', { clientId })
      return applicationOf(json, clientId)
    },
    async update(
      clientId: string,
      fields: Partial<ApplicationFields>,
    ): Promise<RhombusApplicationInfo> {
      const json = await call('updateApplication', { clientId, ...fields })
      return applicationOf(json, clientId)
    },
    async remove(clientId: string): Promise<void> {
      await call('deleteApplication', { clientId })
    },
  }
}

/**
 * RFC 7591 dynamic client registration at the oauth2 token host (auth-web):
 * `POST {authWeb}/oauth/register` with `{client_name, redirect_uris: [redirectUri]}`, and
 * `token_endpoint_auth_method: "none"` for a public client (as Rhombus's newest CLI
 * registers itself), whose answer carries a `client_secret` only if the server issued one
 * anyway.
 */
export async function registerDynamicClient(
  upstream: CallUpstream,
  authWebUrl: string,
  request: { name: string; redirectUri: string; public?: boolean },
): Promise<RegisteredClient> {
  const response = await send(upstream, {
    url: `${authWebUrl.replace(/\/+$/, '')}/oauth/register`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      client_name: request.name,
      redirect_uris: [request.redirectUri],
      ...(request.public && { token_endpoint_auth_method: 'none' }),
    }),
  })
  const json = parseJsonObject(response.body)
  if (response.status === 200 || response.status === 201) {
    if (request.public && json?.client_secret === undefined) {
      return credentials(json?.client_id, '', 'dynamic registration', { public: true })
    }
    return credentials(json?.client_id, json?.client_secret, 'dynamic registration')
  }
  const error = typeof json?.error === 'string' ? json.error : undefined
  const description =
    typeof json?.error_description === 'string' ? `: ${json.error_description}` : ''
  if (error === 'invalid_redirect_uri') {
    throw new RegisterError(
      'invalid_redirect_uri',
      `Rhombus refused the redirect URI${description}`,
      redirectUriRemedy,
    )
  }
  if (error !== undefined) {
    throw new RegisterError(
      'rhombus_error',
      `Rhombus refused the registration (${error})${description}`,
      'Fix the request as described, or register with an API key instead (--api-key).',
    )
  }
  throw new RegisterError(
    'dynamic_registration_unsupported',
    `Dynamic client registration answered HTTP ${response.status}.`,
    'Register with an API key instead (--api-key or RHOMBUS_API_KEY), or check RHOMBUS_AUTH_URL.',
  )
}

/** Maps a Rhombus `errorMsg` to a typed error, by what it talks about. */
export function applicationError(errorMsg: string): RegisterError {
  const text = errorMsg.toLowerCase()
  if (/already (exists|taken|in use)|name.*taken|duplicate/.test(text)) {
    return new RegisterError(
      'name_taken',
      `Rhombus says: ${errorMsg}`,
      'Choose another --name (names are unique within your organisation).',
    )
  }
  if (/redirect/.test(text)) {
    return new RegisterError('invalid_redirect_uri', `Rhombus says: ${errorMsg}`, redirectUriRemedy)
  }
  if (/no application|unknown|not found|clientid/.test(text)) {
    return new RegisterError(
      'unknown_application',
      `Rhombus says: ${errorMsg}`,
      'Run doorway-bff apps list to see the client ids of your organisation.',
    )
  }
  if (/contactemail|email/.test(text)) {
    return new RegisterError(
      'invalid_contact_email',
      `Rhombus says: ${errorMsg}`,
      'Pass an email address with --contact-email.',
    )
  }
  if (/api key|apikey|api-token/.test(text)) {
    return new RegisterError('bad_api_key', `Rhombus says: ${errorMsg}`, keyHint)
  }
  return new RegisterError(
    'rhombus_error',
    `Rhombus says: ${errorMsg}`,
    'Fix the request as described and run the command again.',
  )
}

async function send(
  upstream: CallUpstream,
  request: Parameters<CallUpstream>[0],
): Promise<UpstreamResponse> {
  try {
    return await upstream(request)
  } catch (error) {
    if (!(error instanceof BffError)) throw error
    const origin = new URL(request.url).origin
    throw new RegisterError(
      error.code === 'invalid_response' ? 'invalid_response' : 'unreachable',
      `Could not reach Rhombus at ${origin}: ${error.message}`,
      'Check your network, RHOMBUS_REGION and the RHOMBUS_API_URL / RHOMBUS_AUTH_URL overrides.',
      { cause: error },
    )
  }
}

function credentials(
  clientId: unknown,
  clientSecret: unknown,
  what: string,
  { public: isPublic = false } = {},
): RegisteredClient {
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string') {
    throw new RegisterError(
      'invalid_response',
      `Rhombus answered ${what} without a client id and secret.`,
      'Run the command again; if it persists, register in the Rhombus console instead.',
    )
  }
  return isPublic ? { clientId } : { clientId, clientSecret }
}

function isApplication(value: unknown): value is RhombusApplicationInfo {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { clientId?: unknown }).clientId === 'string'
  )
}

function applicationOf(json: Record<string, unknown>, clientId: string): RhombusApplicationInfo {
  const application = json.application
  return isApplication(application) ? application : { clientId }
}
