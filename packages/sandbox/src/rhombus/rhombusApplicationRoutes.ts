import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import { jsonResponse } from '../jsonResponse.js'
import type { RhombusApplication, RhombusState } from './createRhombusState.js'
import { readApiKeyRequest, rhombusApiError } from './readApiKeyRequest.js'
import type { RhombusAccount } from './rhombusAccounts.js'
import { rhombusApplicationErrors as errors, rhombusApiErrors } from './rhombusErrorTexts.js'

/** An application as the management routes show it: never the secret. */
export interface RhombusApplicationView {
  clientId: string
  name: string
  description: string
  contactEmail: string
  redirectUri: string
}

const fields = ['name', 'description', 'contactEmail', 'redirectUri'] as const
type Fields = Record<(typeof fields)[number], string>

const base = '/api/oauth'

/**
 * App registration on the API host, authenticated with an API key (`api-token` +
 * `x-auth-apikey`): `submitApplication` answers `{clientId, clientSecret}` (the secret
 * only then) and registers a client of both dialects with exactly `redirectUri`;
 * `getApplicationByClientId` → `{application}`, `getAllApplicationsForOrg` →
 * `{applications}`, `updateApplication` → `{application}`, `deleteApplication` → `{}`
 * (these bodies are the sandbox's choice). Applications belong to the key's organisation.
 */
export function rhombusApplicationRoutes(state: RhombusState): Hono {
  return new Hono()
    .post(`${base}/submitApplication`, async (c) => {
      const request = await readApiKeyRequest(state, c.req.raw, rhombusApiErrors)
      if (request instanceof Response) return request
      const { account, body } = request
      const keys = Object.keys(body)
      if (
        keys.length !== fields.length ||
        !fields.every((name) => typeof body[name] === 'string')
      ) {
        return rhombusApiError(400, errors.invalidSubmitBody)
      }
      const input = body as Fields
      const problem = check(state, account, input)
      if (problem !== undefined) return failure(problem)
      // Hex, so an id never starts with '-' and reads as a command-line option.
      const clientId = randomBytes(16).toString('hex')
      const clientSecret = randomBytes(32).toString('base64url')
      state.applications.set(clientId, {
        clientId,
        ...pick(input),
        orgUuid: account.org.uuid,
        createdAt: state.now(),
      })
      state.registerClient({
        clientId,
        clientSecret,
        redirectUris: [input.redirectUri],
        name: input.name,
      })
      return jsonResponse({ clientId, clientSecret })
    })
    .post(`${base}/getApplicationByClientId`, async (c) => {
      const request = await readClientIdRequest(state, c.req.raw, errors.invalidClientIdBody)
      if (request instanceof Response) return request
      return jsonResponse({ application: view(request.application) })
    })
    .post(`${base}/getAllApplicationsForOrg`, async (c) => {
      const request = await readApiKeyRequest(state, c.req.raw, rhombusApiErrors)
      if (request instanceof Response) return request
      const applications = [...state.applications.values()]
        .filter((application) => application.orgUuid === request.account.org.uuid)
        .map(view)
      return jsonResponse({ applications })
    })
    .post(`${base}/updateApplication`, async (c) => {
      const request = await readClientIdRequest(state, c.req.raw, errors.invalidUpdateBody, true)
      if (request instanceof Response) return request
      const { account, body, application } = request
      const updated: RhombusApplication = { ...application }
      for (const name of fields) {
        if (body[name] !== undefined) updated[name] = body[name] as string
      }
      const problem = check(state, account, updated, application.clientId)
      if (problem !== undefined) return failure(problem)
      state.applications.set(updated.clientId, updated)
      const client = state.findClient(updated.clientId)
      if (client !== undefined) {
        state.registerClient({ ...client, redirectUris: [updated.redirectUri], name: updated.name })
      }
      return jsonResponse({ application: view(updated) })
    })
    .post(`${base}/deleteApplication`, async (c) => {
      const request = await readClientIdRequest(state, c.req.raw, errors.invalidClientIdBody)
      if (request instanceof Response) return request
      state.applications.delete(request.application.clientId)
      state.removeClient(request.application.clientId)
      return jsonResponse({})
    })
}

/** What is wrong with an application's fields, if anything (`self`: the one being updated). */
function check(
  state: RhombusState,
  account: RhombusAccount,
  input: Fields,
  self?: string,
): string | undefined {
  if (input.name.trim() === '') return errors.missingName
  const taken = [...state.applications.values()].some(
    (other) =>
      other.orgUuid === account.org.uuid &&
      other.clientId !== self &&
      other.name.trim().toLowerCase() === input.name.trim().toLowerCase(),
  )
  if (taken) return errors.nameTaken
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.contactEmail)) return errors.invalidContactEmail
  if (!isRedirectUri(input.redirectUri)) return errors.invalidRedirectUri
  return undefined
}

/** An absolute http(s) URL without a fragment. */
export function isRedirectUri(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  return (url.protocol === 'http:' || url.protocol === 'https:') && !value.includes('#')
}

function pick(input: Fields): Fields {
  const { name, description, contactEmail, redirectUri } = input
  return { name, description, contactEmail, redirectUri }
}

function view(application: RhombusApplication): RhombusApplicationView {
  return { clientId: application.clientId, ...pick(application) }
}

/**
 * A request naming an application of the key's org by `clientId`; `update` also allows
 * the application's fields as strings.
 */
async function readClientIdRequest(
  state: RhombusState,
  request: Request,
  shapeError: string,
  update = false,
): Promise<
  | { account: RhombusAccount; body: Record<string, unknown>; application: RhombusApplication }
  | Response
> {
  const read = await readApiKeyRequest(state, request, rhombusApiErrors)
  if (read instanceof Response) return read
  const { account, body } = read
  const allowed = new Set<string>(update ? ['clientId', ...fields] : ['clientId'])
  const wellFormed =
    typeof body.clientId === 'string' &&
    Object.entries(body).every(([name, value]) => allowed.has(name) && typeof value === 'string')
  if (!wellFormed) return rhombusApiError(400, shapeError)
  const application = state.applications.get(body.clientId as string)
  if (application === undefined || application.orgUuid !== account.org.uuid) {
    return failure(errors.unknownApplication)
  }
  return { account, body, application }
}

/** A failure as Rhombus reports it: HTTP 200, `error: true`. */
function failure(errorMsg: string): Response {
  return jsonResponse({ error: true, errorMsg })
}
