import type { Handler } from 'hono'
import type { BffServices } from '../BffServices.js'
import { BffError } from '../http/BffError.js'
import { readJsonBody } from '../http/readJsonBody.js'
import { authorizationCodeGrantRequest } from '../oauth/authorizationCodeGrantRequest.js'
import { processAuthorizationCodeResponse } from '../oauth/processAuthorizationCodeResponse.js'
import { requireSession } from '../session/requireSession.js'
import { summarizeStoredConnection } from './EnvoyConnection.js'
import { parseEnvoyExchangeRequest } from './EnvoyExchangeRequest.js'
import { envoyConnectionFromTokens } from './envoyConnectionFromTokens.js'
import { envoyOAuthProvider } from './envoyOAuthProvider.js'
import { requireEnvoy } from './requireEnvoy.js'

/**
 * `POST /auth/envoy/exchange` `{code, redirectUri, state?}` → `EnvoyConnection`: checks the
 * session and the redirect URI before any upstream call, redeems the code once at Envoy's
 * token endpoint (JSON body with the client secret), and stores the connection for the
 * signed-in user, encrypted. The answer carries no token. Nothing is stored unless the
 * exchange succeeds.
 */
export function envoyExchangeRoute({ config, sessions, callUpstream }: BffServices): Handler {
  return async (c) => {
    const session = await requireSession(sessions, c, 'connecting Envoy')
    const envoy = requireEnvoy(config.envoy)
    const { value } = await readJsonBody(c.req.raw, config.maxBodyBytes)
    const request = parseEnvoyExchangeRequest(value)
    if (request.redirectUri !== envoy.redirectUri) {
      throw new BffError(
        'redirect_uri_mismatch',
        `redirectUri "${request.redirectUri}" is not the configured Envoy redirect URI "${envoy.redirectUri}".`,
      )
    }
    const provider = envoyOAuthProvider(envoy.authUrl)
    const tokens = processAuthorizationCodeResponse(
      provider,
      await callUpstream(authorizationCodeGrantRequest(provider, envoy, { code: request.code })),
    )
    const echoed = tokens.parameters.state
    if (request.state !== undefined && typeof echoed === 'string' && echoed !== request.state) {
      throw new BffError('state_mismatch', 'Envoy echoed a state other than the one sent.')
    }
    const connection = envoyConnectionFromTokens(tokens, {
      userId: session.userId,
      requestedScopes: envoy.scopes,
      now: Date.now(),
    })
    await config.store.putConnection(connection)
    return c.json(summarizeStoredConnection(connection))
  }
}
