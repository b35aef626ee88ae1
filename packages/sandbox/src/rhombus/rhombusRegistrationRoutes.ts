import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import type { RhombusState } from './createRhombusState.js'
import { isRedirectUri } from './rhombusApplicationRoutes.js'
import type { RhombusClient, RhombusTokenEndpointAuthMethod } from './rhombusClient.js'
import { rhombusRegistrationErrors as errors } from './rhombusErrorTexts.js'

/**
 * The RFC 7591 §3.2.1 answer. A public client (`token_endpoint_auth_method: "none"`) gets
 * no `client_secret` (nor `client_secret_expires_at`, which goes with one).
 */
export interface RhombusRegistrationResponse {
  client_id: string
  client_secret?: string
  /** Epoch seconds. */
  client_id_issued_at: number
  /** 0: never. Only with a `client_secret`. */
  client_secret_expires_at?: 0
  client_name?: string
  redirect_uris: string[]
  token_endpoint_auth_method: RhombusTokenEndpointAuthMethod
  grant_types: ['authorization_code', 'refresh_token']
  response_types: ['code']
}

type Failure = { error: 'invalid_client_metadata' | 'invalid_redirect_uri'; description: string }

/**
 * Dynamic client registration (RFC 7591) on the oauth2 token host (auth-web):
 * `POST /oauth/register` with JSON `{client_name?, redirect_uris, token_endpoint_auth_method?,
 * grant_types?, response_types?}` → 201 with the client's credentials and metadata, or
 * 400 `{error, error_description}`. Other metadata is ignored (§2). A confidential client
 * works at both dialects' authorize and token endpoints, its redirect URIs matched
 * exactly; `token_endpoint_auth_method: "none"` registers a public client (no secret, as
 * the newest Rhombus CLI asks), which the legacy token endpoint cannot serve.
 */
export function rhombusRegistrationRoutes(state: RhombusState): Hono {
  return new Hono().post('/oauth/register', async (c) => {
    const headers = c.req.raw.headers
    const body = hasMediaType(headers, 'application/json')
      ? parseJsonObject(await c.req.text())
      : undefined
    const metadata =
      body === undefined ? fail('invalid_client_metadata', errors.invalidBody) : parse(body)
    if ('error' in metadata) {
      return jsonResponse({ error: metadata.error, error_description: metadata.description }, 400)
    }
    const isPublic = metadata.authMethod === 'none'
    const client: RhombusClient = {
      clientId: `dcr_${randomBytes(16).toString('base64url')}`,
      ...(isPublic ? {} : { clientSecret: randomBytes(32).toString('base64url') }),
      redirectUris: metadata.redirectUris,
      ...(metadata.authMethod === undefined
        ? {}
        : { tokenEndpointAuthMethod: metadata.authMethod }),
      ...(metadata.name === undefined ? {} : { name: metadata.name }),
    }
    state.registerClient(client)
    const answer: RhombusRegistrationResponse = {
      client_id: client.clientId,
      ...(client.clientSecret === undefined
        ? {}
        : { client_secret: client.clientSecret, client_secret_expires_at: 0 }),
      client_id_issued_at: Math.floor(state.now() / 1000),
      ...(metadata.name === undefined ? {} : { client_name: metadata.name }),
      redirect_uris: [...client.redirectUris],
      token_endpoint_auth_method: metadata.authMethod ?? 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }
    return jsonResponse(answer, 201)
  })
}

function fail(error: Failure['error'], description: string): Failure {
  return { error, description }
}

function parse(body: Record<string, unknown>):
  | Failure
  | {
      name?: string
      redirectUris: string[]
      authMethod?: RhombusTokenEndpointAuthMethod
    } {
  const {
    client_name: name,
    redirect_uris: redirectUris,
    token_endpoint_auth_method: authMethod,
    grant_types: grantTypes,
    response_types: responseTypes,
  } = body
  if (!Array.isArray(redirectUris) || redirectUris.length === 0) {
    return fail('invalid_redirect_uri', errors.missingRedirectUris)
  }
  if (!redirectUris.every((uri) => typeof uri === 'string' && isRedirectUri(uri))) {
    return fail('invalid_redirect_uri', errors.invalidRedirectUri)
  }
  if (name !== undefined && typeof name !== 'string') {
    return fail('invalid_client_metadata', errors.invalidClientName)
  }
  if (
    authMethod !== undefined &&
    authMethod !== 'client_secret_basic' &&
    authMethod !== 'client_secret_post' &&
    authMethod !== 'none'
  ) {
    return fail('invalid_client_metadata', errors.unsupportedAuthMethod)
  }
  if (
    grantTypes !== undefined &&
    !onlyContains(grantTypes, ['authorization_code', 'refresh_token'])
  ) {
    return fail('invalid_client_metadata', errors.unsupportedGrantTypes)
  }
  if (responseTypes !== undefined && !onlyContains(responseTypes, ['code'])) {
    return fail('invalid_client_metadata', errors.unsupportedResponseTypes)
  }
  return {
    redirectUris: [...new Set(redirectUris as string[])],
    ...(name === undefined ? {} : { name }),
    ...(authMethod === undefined ? {} : { authMethod }),
  }
}

function onlyContains(value: unknown, only: readonly string[]): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((item) => only.includes(item))
}
