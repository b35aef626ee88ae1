import type { RhombusApiKey, RhombusApiKeyDeleted, RhombusApiKeyList } from '@doorway/core'
import { Hono } from 'hono'
import type { BffEnv, BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { serve } from '../http/serve.js'
import { requireRhombus } from '../rhombus/requireRhombus.js'
import { requireSession } from '../session/requireSession.js'
import { mintRhombusApiKeyRequest, processMintRhombusApiKeyResponse } from './mintRhombusApiKey.js'
import { parseRhombusApiKeyRequest } from './RhombusApiKeyRequest.js'
import { rhombusApiKeyRecords } from './rhombusApiKeyRecords.js'

/**
 * The API-key area (mounted at `/rhombus/api-keys`): long-lived Rhombus API keys for server-side work, minted with the signed-in user's
 * token and kept by the BFF (encrypted in the credential store; the browser never sees a
 * key). Each needs a live session and the CSRF header:
 * - `POST /rhombus/api-keys` `{displayName}` → `201 {id, displayName, createdAt, partner}`:
 *   mints with `submitApiTokenApplication` (the partner endpoint for a partner session) and
 *   stores the key. A standard session whose token the standard endpoint refuses with 403
 *   is tried on the partner endpoint, as the Rhombus CLI does; if that takes it, the session
 *   becomes a partner one (unless partners are not supported: then the 403 stands). A 401
 *   from Rhombus ends the session (`session_expired`); any failure stores nothing.
 * - `GET /rhombus/api-keys` → `{apiKeys: RhombusApiKey[]}`: the user's keys, oldest first.
 * - `DELETE /rhombus/api-keys/:id` → `{deleted: true}`, or 404 `not_found` for an id the
 *   user does not have. It only forgets the key on the server (revoking it at Rhombus with
 *   `revokeApiToken` is not done yet), so the key works until it is revoked in the Rhombus
 *   console.
 *
 * Background work then calls Rhombus with a stored key through {@link rhombusApiKeys}.
 */
export function rhombusApiKeyRoutes({ config, sessions, rhombusUser }: BffServices): Hono<BffEnv> {
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
    const mint = (isPartner: boolean) =>
      rhombusUser.call(session, (current) =>
        mintRhombusApiKeyRequest(rhombus.apiUrl, { ...current, isPartner }, displayName),
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
    const summary = await rhombusApiKeyRecords
      .add(store, session.userId, { apiKey, displayName, partner })
      .catch((error: unknown) => {
        // Rhombus holds a key nobody will ever see: say so, so that it gets revoked.
        logger.error('rhombus api key minted but not stored: revoke it in the Rhombus console', {
          displayName,
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
    if (!(await rhombusApiKeyRecords.remove(store, session.userId, id))) {
      throw new BffError('not_found', 'You have no API key with this id.')
    }
    logger.info('rhombus api key forgotten', { id })
    return c.json({ deleted: true } satisfies RhombusApiKeyDeleted)
  })
  return app
}
