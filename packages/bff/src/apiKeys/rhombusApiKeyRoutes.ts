import type { RhombusApiKey } from '@doorway/core'
import type {
  RhombusApiKeyDeleted,
  RhombusApiKeyList,
  RhombusApiKeyRequest,
} from '@doorway/core/wire'
import { Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { randomToken } from '../crypto/randomToken.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { serve } from '../http/requestGuard.js'
import { requireRhombus, rhombusApiKeyRequest } from '../rhombus/rhombusApi.js'
import { requireSession, type Session } from '../session/Session.js'
import { rhombusApiKeyRecords, type StoredRhombusApiKey } from './rhombusApiKeys.js'
import {
  apiTokensRequest,
  findApiToken,
  mintRhombusApiKeyRequest,
  processApiTokensResponse,
  processMintRhombusApiKeyResponse,
  processRevokeApiTokenResponse,
  revokeApiTokenRequest,
} from './rhombusApiTokens.js'

/**
 * The API-key area (mounted at `/rhombus/api-keys`): long-lived Rhombus API keys for server-side work, minted with the signed-in user's
 * token and kept by the BFF (encrypted in the credential store; the browser never sees a
 * key). Each needs a live session and the CSRF header:
 * - `POST /rhombus/api-keys` `{displayName}` → `201 {id, displayName, createdAt, partner}`:
 *   mints with `submitApiTokenApplication` (the partner endpoint for a partner session)
 *   under a name unique to this mint (`<displayName> (Doorway <8 random characters>)`, since
 *   the mint answer has no id), then lists the organisation's keys (`getApiTokens`) to learn
 *   the key's `tokenUuid` by that name, and stores the key with it. A listing that fails or
 *   does not find the name still stores the key (without `tokenUuid`; deleting looks again). A standard session whose token the standard endpoint refuses with 403
 *   is tried on the partner endpoint, as the Rhombus CLI does; if that takes it, the session
 *   becomes a partner one (unless partners are not supported: then the 403 stands). A 401
 *   from Rhombus ends the session (`session_expired`); any failure stores nothing.
 * - `GET /rhombus/api-keys` → `{apiKeys: RhombusApiKey[]}`: the user's keys, oldest first.
 * - `DELETE /rhombus/api-keys/:id` → `{deleted: true}`, or 404 `not_found` for an id the
 *   user does not have: revokes the key at Rhombus (`revokeApiToken {tokenUuid}`, the
 *   partner path for a partner's key; a `tokenUuid` not recorded is looked up by name first),
 *   then forgets it. When Rhombus refuses, or the key cannot be found there, the key is asked
 *   about directly (`getOrgV2` with the key): one Rhombus no longer takes is already revoked
 *   and is forgotten; otherwise 502 `upstream_error` and the key stays listed.
 *
 * Background work then calls Rhombus with a stored key through {@link rhombusApiKeys}.
 */
export function rhombusApiKeyRoutes({
  config,
  sessions,
  rhombusUser,
  callUpstream,
}: BffServices): Hono<BffEnv> {
  const { store, logger } = config
  const app = new Hono<BffEnv>()
  serve(app, '/', ['GET', 'POST'], async (c) => {
    if (c.req.method !== 'POST') {
      const session = requireSession(c, 'listing API keys')
      const apiKeys = await rhombusApiKeyRecords.list(store, session.userId)
      return c.json({ apiKeys } satisfies RhombusApiKeyList)
    }
    const session = requireSession(c, 'minting an API key')
    const rhombus = requireRhombus(config.rhombus)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const { displayName } = parseRhombusApiKeyRequest(value)
    const rhombusDisplayName = `${displayName} (Doorway ${randomToken(6)})`
    const mint = (isPartner: boolean) =>
      rhombusUser.call(session, (current) =>
        mintRhombusApiKeyRequest(rhombus.apiUrl, { ...current, isPartner }, rhombusDisplayName),
      )
    let partner = session.isPartner
    let { response } = await mint(partner)
    if (response.status === 403 && !partner && rhombus.supportsPartners) {
      // As the Rhombus CLI learns it: the standard endpoint refuses a partner's token, the
      // partner one takes it. The session then calls the API as the partner it is.
      const retry = (await mint(true)).response
      if (retry.status !== 401 && retry.status !== 403) {
        partner = true
        response = retry
        await sessions.update(session, { isPartner: true })
        logger.info('rhombus partner account learned from the minting endpoint', {})
      }
    }
    const apiKey = processMintRhombusApiKeyResponse(response)
    const tokenUuid = await rhombusUser
      .call(session, (current) =>
        apiTokensRequest(rhombus.apiUrl, { accessToken: current.accessToken, isPartner: partner }),
      )
      .then(({ response }) => findApiToken(processApiTokensResponse(response), rhombusDisplayName))
      .catch((error: unknown) => {
        logger.warn('rhombus api key minted, but listing the keys failed', { error })
        return undefined
      })
    if (tokenUuid === undefined) {
      logger.warn('rhombus api key minted, but its tokenUuid was not found by name', {})
    }
    const summary = await rhombusApiKeyRecords
      .add(store, session.userId, { apiKey, displayName, partner, rhombusDisplayName, tokenUuid })
      .catch((error: unknown) => {
        // Rhombus holds a key nobody will ever see: say so, so that it gets revoked.
        logger.error('rhombus api key minted but not stored: revoke it in the Rhombus console', {
          displayName: rhombusDisplayName,
          error,
        })
        throw error
      })
    logger.info('rhombus api key minted', { id: summary.id, partner: summary.partner })
    return c.json(summary satisfies RhombusApiKey, 201)
  })
  serve(app, '/:id', ['DELETE'], async (c) => {
    const session = requireSession(c, 'deleting an API key')
    const id = c.req.param('id') ?? ''
    const found = await rhombusApiKeyRecords.find(store, session.userId, id)
    if (found === undefined) throw new BffError('not_found', 'You have no API key with this id.')
    const rhombus = requireRhombus(config.rhombus)
    await revokeAtRhombus(found, session, rhombus.apiUrl, { rhombusUser, callUpstream })
    await rhombusApiKeyRecords.remove(store, session.userId, id)
    logger.info('rhombus api key revoked and forgotten', { id })
    return c.json({ deleted: true } satisfies RhombusApiKeyDeleted)
  })
  return app
}

/**
 * Revokes a stored key at Rhombus with the session's token, or throws and leaves it be. See
 * {@link rhombusApiKeyRoutes} (`DELETE`).
 */
async function revokeAtRhombus(
  key: StoredRhombusApiKey,
  session: Session,
  apiUrl: string,
  { rhombusUser, callUpstream }: Pick<BffServices, 'rhombusUser' | 'callUpstream'>,
): Promise<void> {
  const as = (current: Session) => ({
    accessToken: current.accessToken,
    isPartner: key.summary.partner,
  })
  let refusal: unknown
  const tokenUuid =
    key.tokenUuid ??
    findApiToken(
      processApiTokensResponse(
        (await rhombusUser.call(session, (current) => apiTokensRequest(apiUrl, as(current))))
          .response,
      ),
      key.rhombusDisplayName,
    )
  if (tokenUuid !== undefined) {
    const { response } = await rhombusUser.call(session, (current) =>
      revokeApiTokenRequest(apiUrl, as(current), tokenUuid),
    )
    try {
      processRevokeApiTokenResponse(response)
      return
    } catch (error) {
      refusal = error
    }
  }
  // A key Rhombus no longer takes is revoked already (in the console, say): nothing to undo.
  const probe = await callUpstream(
    rhombusApiKeyRequest({ apiUrl, apiKey: key.apiKey }, 'org/getOrgV2', {}),
  )
  if (probe.status === 401) return
  throw (
    refusal ??
    new BffError(
      'upstream_error',
      `Rhombus lists no API key named "${key.rhombusDisplayName}" to revoke, and the key still works.`,
      {
        status: 502,
        hint: 'Revoke the key in the Rhombus console (it is still listed here), then delete it again.',
      },
    )
  )
}

/** The longest `displayName` accepted, in characters (Unicode code points). */
export const maxDisplayNameLength = 100

const requestFields = new Set(['displayName'])
// Control characters (C0, DEL, C1) and lone surrogates (not well-formed text).
const unprintable = /[\p{Cc}\p{Cs}]/u

/**
 * Checks `body` (`POST /rhombus/api-keys`) against {@link RhombusApiKeyRequest} before anything is sent to Rhombus:
 * anything else than a JSON object with exactly a fitting `displayName` is 400
 * `bad_request`. Returns the name trimmed.
 */
export function parseRhombusApiKeyRequest(body: unknown): RhombusApiKeyRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BffError('bad_request', 'The body must be a JSON object: {"displayName": "..."}.')
  }
  const extra = Object.keys(body).filter((name) => !requestFields.has(name))
  if (extra.length > 0) {
    const first = JSON.stringify((extra[0] ?? '').slice(0, 40))
    throw new BffError(
      'bad_request',
      `The body takes only "displayName"; ${first}${extra.length > 1 ? ` and ${extra.length - 1} more` : ''} is not accepted.`,
    )
  }
  const value = (body as Record<string, unknown>).displayName
  if (value === undefined) throw new BffError('bad_request', '"displayName" is required.')
  if (typeof value !== 'string') {
    throw new BffError('bad_request', '"displayName" must be a string.')
  }
  const displayName = value.trim()
  const length = [...displayName].length
  if (length === 0 || length > maxDisplayNameLength) {
    throw new BffError(
      'bad_request',
      `"displayName" must be 1 to ${maxDisplayNameLength} characters once trimmed.`,
    )
  }
  if (unprintable.test(displayName)) {
    throw new BffError('bad_request', '"displayName" must not contain control characters.')
  }
  return { displayName }
}
