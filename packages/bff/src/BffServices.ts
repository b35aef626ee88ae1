import type { ResolvedBffConfig } from './config/resolveBffConfig.js'
import type { EnvoyRefresher } from './envoy/createEnvoyRefresher.js'
import type { CallUpstream } from './http/callUpstream.js'
import type { RhombusUser } from './rhombus/createRhombusUser.js'
import type { SessionManager } from './session/createSessionManager.js'
import type { SessionState } from './session/Session.js'

/**
 * What route handlers share: the checked configuration (with the credential store),
 * sessions, the upstream caller, Rhombus calls as the signed-in user and, when Envoy is
 * configured, its refresher. Sessions and the Envoy refresher share the BFF's one token
 * keeper, whose in-flight refreshes every request must share.
 */
export interface BffServices {
  config: ResolvedBffConfig
  sessions: SessionManager
  callUpstream: CallUpstream
  rhombusUser: RhombusUser
  envoyRefresher: EnvoyRefresher | undefined
}

/** The Hono environment of every BFF sub-app: the session middleware sets `c.var.session`. */
export interface BffEnv {
  Variables: { session: SessionState }
}
