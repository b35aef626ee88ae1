import type { Flow } from '../doorwayClient.js'
import { DoorwayError, providerError } from '../errors.js'
import { createPKCE } from '../pkce.js'
import { buildAuthorizeUrl } from '../providers/dialect.js'
import { rhombusDialects } from '../providers/rhombus.js'

/**
 * The Rhombus sign-in as a {@link Flow} (id `rhombus`, back on `/oauth/callback/rhombus`),
 * in every client's flows by default. Start: PKCE and the configured dialect's authorize
 * URL (`GET /config` → `providers.rhombus`). Finish: the provider's error, else the code (or
 * a legacy pre-exchanged token) sent once to `POST /auth/rhombus/exchange`; the BFF answers
 * with the new session, which every tab hears. `client.signIn('rhombus')` starts it.
 */
export const rhombusSignIn: Flow<never> = {
  id: 'rhombus',
  async start({ state }, client) {
    const c = (await client.getConfig()).providers.rhombus
    if (!c) throw new DoorwayError('not_configured')
    const { codeVerifier, codeChallenge } = await createPKCE()
    const { href } = buildAuthorizeUrl(c.consoleUrl, rhombusDialects[c.protocol], {
      ...c,
      state,
      codeChallenge,
    })
    return { url: href, redirectUri: c.redirectUri, codeVerifier }
  },
  async finish(p, tx, bff) {
    // The message is the provider's error_description, kept in the options too.
    if (p.error) throw providerError(p.error, p)
    if (!p.code && !p.accessToken) throw new DoorwayError('invalid_callback')
    return {
      // Unset fields are left out of the JSON body.
      session: await bff.exchangeRhombus({
        code: p.code,
        codeVerifier: p.code && tx.codeVerifier,
        redirectUri: tx.redirectUri!,
        isPartner: p.isPartner === 'true' || undefined,
        accessToken: p.accessToken,
      }),
    }
  },
}
