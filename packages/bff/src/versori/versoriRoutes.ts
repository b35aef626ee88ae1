import type { EnvoyConnection } from '@doorway/core'
import type {
  VersoriCompleteRequest,
  VersoriInitialiseAnswer,
  VersoriInitialiseRequest,
} from '@doorway/core/wire'
import { type Handler, Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { parseBodyObject, readJsonBody } from '../http/readJsonBody.js'
import { serve } from '../http/requestGuard.js'
import { versoriPendingStates } from '../oauth/pendingStates.js'
import { requireSession } from '../session/Session.js'
import {
  createVersoriConnectionRequest,
  processCreateVersoriConnectionResponse,
  processVersoriInitialiseResponse,
  requireVersori,
  versoriEndUserId,
  versoriInitialiseRequest,
} from './versoriApi.js'

/**
 * Connecting Envoy through Versori, as routes (mounted at `/envoy/versori` by the Envoy
 * area): `POST /initialise` (see {@link versoriInitialiseRoute}) and `POST /complete` (see
 * {@link versoriCompleteRoute}). Versori keeps the tokens; the BFF keeps only the pending
 * `state`s. Status and disconnect are `via: 'versori'` of `GET /envoy/connection` and
 * `POST /envoy/disconnect`.
 */
export function versoriRoutes(services: BffServices): Hono<BffEnv> {
  const app = new Hono<BffEnv>()
  serve(app, '/initialise', ['POST'], versoriInitialiseRoute(services))
  serve(app, '/complete', ['POST'], versoriCompleteRoute(services))
  return app
}

/**
 * `POST /envoy/versori/initialise` `{additionalParams?, prompt?}` → `{url, state}`: checks
 * the input before calling Versori (colliding `additionalParams` are 400), calls
 * `oauth2/initialise`, remembers the state for this user (10 minutes, single use) and
 * answers Versori's URL unchanged with the state read from it. The browser opens `url` in
 * a popup and talks to Versori's callback page (`versori.callbackOrigin` in `/config`).
 */
function versoriInitialiseRoute({
  config,
  callUpstream,
  rhombusUser,
}: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'connecting Envoy')
    await rhombusUser.requireAppOrg(session)
    const versori = requireVersori(config.versori)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseVersoriInitialiseRequest(value)
    const initialised = processVersoriInitialiseResponse(
      await callUpstream(versoriInitialiseRequest(versori, request)),
    )
    await versoriPendingStates.remember(config.store, initialised.state, session.userId)
    return c.json(initialised satisfies VersoriInitialiseAnswer)
  }
}

/**
 * `POST /envoy/versori/complete` `{code, state}` → `EnvoyConnection`: the state must be one
 * this BFF initialised for this user and not used yet (else 400 `state_mismatch`, and
 * nothing is sent); then the end user's connection is created at Versori from an
 * `oauth2-code` credential, and Versori exchanges the code. Versori keeps the tokens.
 */
function versoriCompleteRoute({ config, callUpstream, rhombusUser }: BffServices): Handler<BffEnv> {
  return async (c) => {
    const session = requireSession(c, 'connecting Envoy')
    await rhombusUser.requireAppOrg(session)
    const versori = requireVersori(config.versori)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseVersoriCompleteRequest(value)
    if (!(await versoriPendingStates.take(config.store, request.state, session.userId))) {
      throw new BffError(
        'state_mismatch',
        'This state was not issued to this user by /envoy/versori/initialise, has expired or was already used.',
      )
    }
    const created = processCreateVersoriConnectionResponse(
      await callUpstream(
        createVersoriConnectionRequest(versori, versoriEndUserId(versori, session.userId), request),
      ),
    )
    const connection: EnvoyConnection = { status: 'connected', via: 'versori' }
    if (created.scopes !== undefined) connection.scopes = created.scopes
    return c.json(connection satisfies EnvoyConnection)
  }
}

/**
 * Authorize parameters `additionalParams` must not set: the ones Versori adds itself
 * (`redirect_uri`, `state`, `prompt`, `scope`, `response_type`, `client_id`), and PKCE and
 * OIDC parameters that would change the flow behind Versori's back.
 */
export const versoriReservedParameters: ReadonlySet<string> = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'prompt',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  'response_mode',
  'request',
  'request_uri',
])

const promptPattern = /^[a-z_]+(\+[a-z_]+)*$/

/**
 * A parameter name as a lenient server may read it (SECURITY 31): decoded (URLSearchParams
 * did that), control characters dropped, trimmed and lower-cased, so `%20State%00` is `state`.
 */
const normalName = (name: string) =>
  [...name]
    .filter((char) => char > '\u001f' && char !== '\u007f')
    .join('')
    .trim()
    .toLowerCase()

/**
 * Checks `body` (`POST /envoy/versori/initialise`) against {@link VersoriInitialiseRequest}, before anything is sent to
 * Versori: `additionalParams` that set a reserved parameter (see
 * {@link versoriReservedParameters}, compared after decoding, dropping control characters,
 * trimming and lower-casing) or that are not a query string, and malformed
 * `prompt` values, are 400 `bad_request`.
 */
export function parseVersoriInitialiseRequest(body: unknown): VersoriInitialiseRequest {
  const fields = parseBodyObject(body)
  const request: VersoriInitialiseRequest = {}
  const additionalParams = fields.optionalString('additionalParams', { maxLength: 2048 })
  if (additionalParams !== undefined) {
    if (additionalParams.startsWith('?') || /[#\s]/.test(additionalParams)) {
      throw new BffError(
        'bad_request',
        '"additionalParams" must be a URL-encoded query string without "?", "#" or spaces, e.g. "foo=bar&baz=qux".',
      )
    }
    const names = [...new URLSearchParams(additionalParams).keys()]
    const reserved = names.filter((name) => versoriReservedParameters.has(normalName(name)))
    if (reserved.length > 0) {
      throw new BffError(
        'bad_request',
        `"additionalParams" must not set ${reserved.join(', ')}: Versori sets the standard authorize parameters itself.`,
      )
    }
    if (names.some((name) => name === '')) {
      throw new BffError('bad_request', '"additionalParams" has a parameter without a name.')
    }
    request.additionalParams = additionalParams
  }
  const prompt = fields.optionalString('prompt', { maxLength: 128 })
  if (prompt !== undefined) {
    if (!promptPattern.test(prompt)) {
      throw new BffError(
        'bad_request',
        '"prompt" must be none, login, consent or select_account, or several joined by "+".',
      )
    }
    request.prompt = prompt
  }
  return request
}

/** Checks `body` (`POST /envoy/versori/complete`) against {@link VersoriCompleteRequest}; 400 `bad_request` naming the field otherwise. */
export function parseVersoriCompleteRequest(body: unknown): VersoriCompleteRequest {
  const fields = parseBodyObject(body)
  return {
    code: fields.string('code', { maxLength: 2048 }),
    state: fields.string('state', { maxLength: 2048 }),
  }
}
