import type { ResolvedBffConfig } from './config/resolveBffConfig.js'
import type { CallUpstream } from './http/callUpstream.js'
import type { SessionManager } from './session/createSessionManager.js'

/** What route handlers share: the checked configuration, sessions and the upstream caller. */
export interface BffServices {
  config: ResolvedBffConfig
  sessions: SessionManager
  callUpstream: CallUpstream
}
