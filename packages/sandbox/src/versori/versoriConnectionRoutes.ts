import { type Context, Hono } from 'hono'
import { envoyPaths, envoyPrefixes } from '../envoy/envoyPrefixes.js'
import { parseJsonObject } from '../jsonBody.js'
import { jsonResponse } from '../jsonResponse.js'
import { hasMediaType } from '../mediaType.js'
import { requestOrigin } from '../requestOrigin.js'
import type { SandboxFetch } from '../sandboxFetch.js'
import { authenticateVersori } from './authenticateVersori.js'
import type { VersoriConnection, VersoriState } from './createVersoriState.js'
import type { VersoriHub } from './versoriData.js'
import { type VersoriErrorField, versoriError } from './versoriError.js'
import { versoriErrors as errors, versoriFieldErrors as fieldErrors } from './versoriErrorTexts.js'
import { versoriPaths } from './versoriPrefixes.js'

/**
 * The body of `CreateEndUserConnection` the sandbox accepts: the Embedded API v1 OpenAPI's
 * layout, with one action credential of type `oauth2-code` holding the `code` and `state`
 * the callback page handed over.
 */
export interface CreateEndUserConnectionRequest {
  connectorId: string
  connection: {
    name: string
    credentials: {
      action: [
        {
          /** An `AuthSchemeConfigOAuth2`, every field the OpenAPI requires checked. */
          authSchemeConfig: AuthSchemeConfigOAuth2
          credential: { name: string; type: 'oauth2-code'; data: { code: string; state: string } }
        },
      ]
    }
    variables: unknown[]
  }
}

/**
 * `AuthSchemeConfigOAuth2` of the Embedded API v1 OpenAPI: `AuthSchemeConfigBase`'s `id`
 * (a ULID) and `description`, then `schemeType: 'oauth2'`, `authorizeUrl`, `tokenUrl`,
 * `scopes` (`OAuth2Scope`: `{name, description?}`), `defaultScopes` and `grant`
 * (`AuthSchemeConfigOAuth2Grant`, by `grantType`), all required; the optional fields are
 * not checked.
 */
export interface AuthSchemeConfigOAuth2 {
  id: string
  description: string
  schemeType: 'oauth2'
  authorizeUrl: string
  tokenUrl: string
  scopes: { name: string; description?: string }[]
  defaultScopes: string[]
  grant: {
    grantType: 'authorization_code' | 'client_credentials' | 'password'
    [field: string]: unknown
  }
  [field: string]: unknown
}

const endUserPath = `${versoriPaths.embedded}/hubs/:hubId/users/:userId`
const connectionsPath = `${endUserPath}/connections`

/**
 * An end user's connections on the Embedded API v1: `POST` creates one from an
 * `oauth2-code` credential (Versori checks the state, exchanges the code at the provider's
 * token endpoint, keeps the tokens and answers `201 Connection` without them), `GET` lists
 * them (`{totalCount, connections}`, `hub_connector_id` filters), and `DeleteEndUser`
 * (`DELETE /hubs/{hub_id}/users/{user_id}`, 204) removes the end user with every
 * connection they hold in the hub (404 for a user without any). Users are addressed by
 * external id and exist once used. Versori's v1 API has no route to delete one connection,
 * so neither has the sandbox.
 */
export function versoriConnectionRoutes(state: VersoriState, dispatch: SandboxFetch): Hono {
  return new Hono()
    .post(connectionsPath, async (c) => {
      const context = check(state, c)
      if (context instanceof Response) return context
      return createConnection(state, dispatch, c, context)
    })
    .get(connectionsPath, (c) => {
      const context = check(state, c)
      if (context instanceof Response) return context
      const filter = c.req.query('hub_connector_id')?.split(',').filter(Boolean)
      const connections = state
        .listConnections(context.hub.id, context.userId)
        .filter((connection) => !filter?.length || filter.includes(connection.connectorId))
        .map(({ id, name, createdAt, updatedAt }) => ({
          id,
          name,
          createdAt: iso(createdAt),
          updatedAt: iso(updatedAt),
        }))
      return jsonResponse({ totalCount: connections.length, connections })
    })
    .delete(endUserPath, (c) => {
      const context = check(state, c)
      if (context instanceof Response) return context
      if (!state.deleteEndUser(context.hub.id, context.userId)) {
        return versoriError(404, 'not_found', errors.endUserNotFound)
      }
      return new Response(null, { status: 204 })
    })
}

/** Authentication, `identifier_type` and the hub, common to the three routes. */
function check(state: VersoriState, c: Context): { hub: VersoriHub; userId: string } | Response {
  const refused = authenticateVersori(state, c.req.raw.headers)
  if (refused !== undefined) return refused
  const identifierType = c.req.query('identifier_type')
  if (identifierType !== undefined && identifierType !== 'external') {
    return versoriError(400, 'invalid_request', errors.unsupportedIdentifierType)
  }
  const hub = state.findHub(c.req.param('hubId') ?? '')
  if (hub === undefined) return versoriError(404, 'not_found', errors.hubNotFound)
  return { hub, userId: c.req.param('userId') ?? '' }
}

async function createConnection(
  state: VersoriState,
  dispatch: SandboxFetch,
  c: Context,
  { hub, userId }: { hub: VersoriHub; userId: string },
): Promise<Response> {
  if (!hasMediaType(c.req.raw.headers, 'application/json')) {
    return versoriError(415, 'unsupported_media_type', errors.unsupportedMediaType)
  }
  const body = parseJsonObject(await c.req.text())
  if (body === undefined) return versoriError(400, 'invalid_request', errors.invalidBody)
  const request = parseRequest(body)
  if (Array.isArray(request)) {
    return versoriError(400, 'invalid_request', errors.invalidRequest, { fields: request })
  }
  const { connectorId, connection } = request
  if (!hub.connectorIds.includes(connectorId) || state.findConnector(connectorId) === undefined) {
    return versoriError(404, 'not_found', errors.connectorNotInHub)
  }
  const taken = state
    .listConnections(hub.id, userId)
    .some((existing) => existing.connectorId === connectorId && existing.name === connection.name)
  if (taken) return versoriError(409, 'conflict', errors.connectionNameTaken)

  const [action] = connection.credentials.action
  const { code, state: value } = action.credential.data
  const initialisation = state.takeInitialisation(value)
  if (initialisation === undefined || state.now() >= initialisation.expiresAt) {
    return versoriError(400, 'invalid_state', errors.invalidState)
  }
  if (
    initialisation.connectorId !== connectorId ||
    (initialisation.hubId !== null && initialisation.hubId !== hub.id)
  ) {
    return versoriError(400, 'invalid_state', errors.stateMismatch)
  }

  const origin = requestOrigin(c.req.raw)
  const authorize = new URL(initialisation.authorizeUrl)
  if (
    authorize.origin !== origin ||
    authorize.pathname !== envoyPrefixes.app + envoyPaths.authorize
  ) {
    return versoriError(400, 'unsupported_provider', errors.unsupportedProvider)
  }
  const response = await dispatch(
    new Request(origin + envoyPrefixes.app + envoyPaths.token, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'versori-sandbox' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code,
        client_id: initialisation.credential.clientId,
        client_secret: initialisation.credential.clientSecret,
      }),
    }),
  )
  const text = await response.text()
  const tokens = parseJsonObject(text)
  const accessToken = tokens?.access_token
  const refreshToken = tokens?.refresh_token
  if (
    response.status !== 200 ||
    typeof accessToken !== 'string' ||
    typeof refreshToken !== 'string'
  ) {
    return versoriError(400, 'oauth2_exchange_failed', errors.exchangeFailed, { details: text })
  }

  const created = state.addConnection({
    name: connection.name,
    hubId: hub.id,
    userId,
    connectorId,
    credentialName: action.credential.name,
    organisationId: initialisation.organisationId,
    authSchemeConfig: action.authSchemeConfig,
    variables: connection.variables,
    scopes: initialisation.scopes,
    accessToken,
    refreshToken,
  })
  return jsonResponse(connectionBody(created), 201)
}

/** A `Connection` as the API shows it: the tokens redacted, only the granted scopes. */
function connectionBody(connection: VersoriConnection) {
  return {
    id: connection.id,
    name: connection.name,
    credentials: {
      action: [
        {
          id: connection.connectionCredentialId,
          authSchemeConfig: connection.authSchemeConfig,
          credential: {
            id: connection.credentialId,
            organisationId: connection.organisationId,
            type: 'oauth2-token',
            name: connection.credentialName,
            data: { scopes: connection.scopes },
          },
        },
      ],
    },
    variables: connection.variables,
    createdAt: iso(connection.createdAt),
    updatedAt: iso(connection.updatedAt),
  }
}

function iso(epochMilliseconds: number): string {
  return new Date(epochMilliseconds).toISOString()
}

/** The body as {@link CreateEndUserConnectionRequest}, or what is wrong with its fields. */
function parseRequest(
  body: Record<string, unknown>,
): CreateEndUserConnectionRequest | VersoriErrorField[] {
  const problems: VersoriErrorField[] = []
  const problem = (field: string, message: string) => problems.push({ field, message })
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
  const requireString = (value: unknown, field: string) => {
    if (value === undefined) problem(field, fieldErrors.required)
    else if (typeof value !== 'string' || value === '') problem(field, fieldErrors.string)
  }

  requireString(body.connectorId, 'connectorId')
  const connection = body.connection
  if (!isObject(connection)) {
    problem('connection', connection === undefined ? fieldErrors.required : fieldErrors.object)
    return problems
  }
  requireString(connection.name, 'connection.name')
  if (connection.variables === undefined) problem('connection.variables', fieldErrors.required)
  else if (!Array.isArray(connection.variables)) problem('connection.variables', fieldErrors.array)

  const credentials = connection.credentials
  const action = isObject(credentials) ? credentials.action : undefined
  if (!Array.isArray(action) || action.length !== 1 || !isObject(action[0])) {
    problem('connection.credentials.action', fieldErrors.oneCredential)
    return problems
  }
  const [entry] = action as [Record<string, unknown>]
  const path = 'connection.credentials.action[0]'
  checkAuthSchemeConfig(entry.authSchemeConfig, `${path}.authSchemeConfig`, problem)
  const credential = entry.credential
  if (!isObject(credential)) {
    problem(
      `${path}.credential`,
      credential === undefined ? fieldErrors.required : fieldErrors.object,
    )
    return problems
  }
  requireString(credential.name, `${path}.credential.name`)
  if (credential.type !== 'oauth2-code')
    problem(`${path}.credential.type`, fieldErrors.credentialType)
  const data = credential.data
  if (!isObject(data)) {
    problem(
      `${path}.credential.data`,
      data === undefined ? fieldErrors.required : fieldErrors.object,
    )
    return problems
  }
  requireString(data.code, `${path}.credential.data.code`)
  requireString(data.state, `${path}.credential.data.state`)
  return problems.length > 0 ? problems : (body as unknown as CreateEndUserConnectionRequest)
}

const ulidPattern = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/
const grantTypes = new Set(['authorization_code', 'client_credentials', 'password'])

/** Reports what an `AuthSchemeConfigOAuth2` at `path` lacks or has wrong. */
function checkAuthSchemeConfig(
  config: unknown,
  path: string,
  problem: (field: string, message: string) => void,
): void {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    problem(path, config === undefined ? fieldErrors.required : fieldErrors.object)
    return
  }
  const value = config as Record<string, unknown>
  const field = (name: string, message: string) => problem(`${path}.${name}`, message)
  const missing = (name: string) => value[name] === undefined
  if (missing('id')) field('id', fieldErrors.required)
  else if (typeof value.id !== 'string' || !ulidPattern.test(value.id))
    field('id', fieldErrors.ulid)
  if (missing('description')) field('description', fieldErrors.required)
  else if (typeof value.description !== 'string') field('description', fieldErrors.text)
  if (value.schemeType !== 'oauth2') field('schemeType', fieldErrors.schemeType)
  for (const name of ['authorizeUrl', 'tokenUrl']) {
    if (missing(name)) field(name, fieldErrors.required)
    else if (!isHttpUrl(value[name])) field(name, fieldErrors.url)
  }
  if (missing('scopes')) field('scopes', fieldErrors.required)
  else if (
    !Array.isArray(value.scopes) ||
    !value.scopes.every(
      (scope) =>
        typeof scope === 'object' &&
        scope !== null &&
        typeof (scope as { name?: unknown }).name === 'string' &&
        ['string', 'undefined'].includes(typeof (scope as { description?: unknown }).description),
    )
  ) {
    field('scopes', fieldErrors.oauth2Scopes)
  }
  if (missing('defaultScopes')) field('defaultScopes', fieldErrors.required)
  else if (
    !Array.isArray(value.defaultScopes) ||
    !value.defaultScopes.every((scope) => typeof scope === 'string')
  ) {
    field('defaultScopes', fieldErrors.stringArray)
  }
  const grant = value.grant as Record<string, unknown> | undefined
  if (grant === undefined) field('grant', fieldErrors.required)
  else if (
    typeof grant !== 'object' ||
    grant === null ||
    !grantTypes.has(String(grant.grantType))
  ) {
    field('grant.grantType', fieldErrors.grantType)
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false
  const { protocol } = new URL(value)
  return protocol === 'http:' || protocol === 'https:'
}
