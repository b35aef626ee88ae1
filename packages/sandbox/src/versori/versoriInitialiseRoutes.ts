import { type Context, Hono } from 'hono'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { randomId } from '../randomId.js'
import { requestOrigin } from '../requestOrigin.js'
import { authenticateVersori } from './authenticateVersori.js'
import { buildVersoriAuthorizeUrl } from './buildVersoriAuthorizeUrl.js'
import type { VersoriState } from './createVersoriState.js'
import type { VersoriConnector } from './versoriData.js'
import { type VersoriErrorField, versoriError } from './versoriError.js'
import { versoriErrors as errors, versoriFieldErrors as fieldErrors } from './versoriErrorTexts.js'
import { versoriPaths, versoriPrefixes } from './versoriPrefixes.js'

/** `InitialiseOAuth2ConnectionRequest`, as Versori's OpenAPI defines it. */
export interface InitialiseOAuth2ConnectionRequest {
  authorizeUrl: string
  clientId: string
  credential: { id: string; organisationId: string }
  scopes?: string[]
  disableOfflineAccess?: boolean
  prompt?: string
  additionalParams?: string
}

/**
 * `POST …/oauth2/initialise` of both APIs: the Embedded API v1
 * (`/embed/{hub_id}/connector/{connector_id}/oauth2/initialise`) and the Connect API v1
 * (`/o/{organisation_id}/connectors/{connector_id}/oauth2/initialise`). Both take the
 * same body and answer `{url}`: the authorize URL to open, with Versori's callback page as
 * `redirect_uri` and a fresh `state` it remembers. The sandbox checks at once what real
 * Versori would only find when the redirect arrives (the client id of the credential).
 */
export function versoriInitialiseRoutes(state: VersoriState): Hono {
  return new Hono()
    .post(
      `${versoriPaths.embedded}/embed/:hubId/connector/:connectorId/oauth2/initialise`,
      async (c) => {
        const hub = state.findHub(c.req.param('hubId'))
        const connectorId = c.req.param('connectorId')
        const resolve = () => {
          if (hub === undefined) return versoriError(404, 'not_found', errors.hubNotFound)
          const connector = state.findConnector(connectorId)
          if (connector === undefined || !hub.connectorIds.includes(connectorId)) {
            return versoriError(404, 'not_found', errors.connectorNotInHub)
          }
          return { api: 'embedded' as const, hubId: hub.id, connector }
        }
        return initialise(state, c, resolve)
      },
    )
    .post(
      `${versoriPaths.connect}/o/:organisationId/connectors/:connectorId/oauth2/initialise`,
      async (c) => {
        const organisationId = c.req.param('organisationId')
        const resolve = () => {
          const connector = state.findConnector(c.req.param('connectorId'))
          if (connector === undefined || connector.organisationId !== organisationId) {
            return versoriError(404, 'not_found', errors.connectorNotInOrganisation)
          }
          return { api: 'connect' as const, hubId: null, connector }
        }
        return initialise(state, c, resolve)
      },
    )
}

type Target = { api: 'embedded' | 'connect'; hubId: string | null; connector: VersoriConnector }

async function initialise(
  state: VersoriState,
  c: Context,
  resolve: () => Target | Response,
): Promise<Response> {
  const refused = authenticateVersori(state, c.req.raw.headers)
  if (refused !== undefined) return refused
  if (!hasMediaType(c.req.raw.headers, 'application/json')) {
    return versoriError(415, 'unsupported_media_type', errors.unsupportedMediaType)
  }
  const body = parseJsonObject(await c.req.text())
  if (body === undefined) return versoriError(400, 'invalid_request', errors.invalidBody)
  const request = parseRequest(body)
  if (Array.isArray(request)) {
    return versoriError(400, 'invalid_request', errors.invalidRequest, { fields: request })
  }
  const target = resolve()
  if (target instanceof Response) return target

  const credential = state.findCredential(request.credential.id)
  if (
    credential === undefined ||
    credential.organisationId !== request.credential.organisationId ||
    credential.organisationId !== target.connector.organisationId
  ) {
    return versoriError(404, 'not_found', errors.credentialNotFound)
  }
  if (request.clientId !== credential.clientId) {
    return versoriError(400, 'client_id_mismatch', errors.clientIdMismatch)
  }

  const redirectUri = requestOrigin(c.req.raw) + versoriPrefixes.platform + versoriPaths.callback
  const versoriState = randomId('versori_state')
  const built = buildVersoriAuthorizeUrl({ ...request, redirectUri, state: versoriState })
  if (typeof built === 'string') return versoriError(400, 'parameter_conflict', errors[built])

  state.openInitialisation({
    state: versoriState,
    api: target.api,
    hubId: target.hubId,
    organisationId: credential.organisationId,
    connectorId: target.connector.id,
    credential,
    authorizeUrl: request.authorizeUrl,
    redirectUri,
    scopes: built.scopes,
  })
  return jsonResponse({ url: built.url.href })
}

/** The body as {@link InitialiseOAuth2ConnectionRequest}, or what is wrong with its fields. */
function parseRequest(
  body: Record<string, unknown>,
): InitialiseOAuth2ConnectionRequest | VersoriErrorField[] {
  const problems: VersoriErrorField[] = []
  const problem = (field: string, message: string) => problems.push({ field, message })
  const string = (value: unknown) => typeof value === 'string' && value !== ''

  const { authorizeUrl, clientId, credential, scopes, disableOfflineAccess, prompt } = body
  const { additionalParams } = body
  if (authorizeUrl === undefined) problem('authorizeUrl', fieldErrors.required)
  else if (!isHttpUrl(authorizeUrl)) problem('authorizeUrl', fieldErrors.url)
  if (clientId === undefined) problem('clientId', fieldErrors.required)
  else if (!string(clientId)) problem('clientId', fieldErrors.string)
  if (credential === undefined) problem('credential', fieldErrors.required)
  else if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) {
    problem('credential', fieldErrors.object)
  } else {
    for (const name of ['id', 'organisationId'] as const) {
      const value = (credential as Record<string, unknown>)[name]
      if (value === undefined) problem(`credential.${name}`, fieldErrors.required)
      else if (!string(value)) problem(`credential.${name}`, fieldErrors.string)
    }
  }
  if (scopes !== undefined) {
    if (!Array.isArray(scopes)) problem('scopes', fieldErrors.array)
    else {
      scopes.forEach((scope, index) => {
        if (typeof scope !== 'string' || !/^\S+$/.test(scope)) {
          problem(`scopes[${index}]`, fieldErrors.scope)
        }
      })
    }
  }
  if (disableOfflineAccess !== undefined && typeof disableOfflineAccess !== 'boolean') {
    problem('disableOfflineAccess', fieldErrors.boolean)
  }
  if (prompt !== undefined && !string(prompt)) problem('prompt', fieldErrors.string)
  if (additionalParams !== undefined && typeof additionalParams !== 'string') {
    problem('additionalParams', fieldErrors.string)
  }
  return problems.length > 0 ? problems : (body as unknown as InitialiseOAuth2ConnectionRequest)
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !URL.canParse(value)) return false
  const { protocol } = new URL(value)
  return protocol === 'http:' || protocol === 'https:'
}
