import type { ResolvedBffConfig } from './config/resolveBffConfig.js'
import type { EnvoyRefresher } from './envoy/createEnvoyRefresher.js'
import type { CallUpstream } from './http/callUpstream.js'
import type { SessionManager } from './session/createSessionManager.js'

/**
 * What route handlers share: the checked configuration (with the credential store),
 * sessions, the upstream caller and, when Envoy is configured, its one refresher (whose
 * in-flight refreshes must be shared by every request).
 */
export interface BffServices {
  config: ResolvedBffConfig
  sessions: SessionManager
  callUpstream: CallUpstream
  envoyRefresher: EnvoyRefresher | undefined
}
