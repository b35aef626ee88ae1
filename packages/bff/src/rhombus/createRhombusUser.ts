import type { ResolvedRhombusConfig } from '../config/resolveBffConfig.js'
import { BffError } from '../http/BffError.js'
import type { CallUpstream, UpstreamRequest, UpstreamResponse } from '../http/callUpstream.js'
import type { SessionManager } from '../session/createSessionManager.js'
import type { RhombusOrg, Session } from '../session/Session.js'
import {
  orgOf,
  processRhombusApiResponse,
  rhombusApiKeyRequest,
  rhombusUserRequest,
} from './rhombusApi.js'

/** Rhombus as the signed-in user, and the trust rules for what the BFF's API key reaches. */
export interface RhombusUser {
  /**
   * Calls Rhombus with the session's token, as the Rhombus CLI does: refreshed first when
   * it is about to expire; on a 401, refreshed once more and the call retried once. A token
   * that cannot be renewed, or a second 401, ends the session: 401 `session_expired`.
   * Resolves to the answer (never a 401) and the session as it is now.
   */
  call(
    session: Session,
    request: (session: Session) => UpstreamRequest,
  ): Promise<{ response: UpstreamResponse; session: Session }>
  /**
   * 403 `forbidden` unless the session's user belongs to the organisation of
   * `RHOMBUS_API_KEY` (compared by `getOrgV2`'s `org.uuid`): what the key reaches (Rhombus's
   * own Envoy integration, Versori with the server's token) belongs to that organisation.
   */
  requireKeyOrg(session: Session): Promise<void>
  /**
   * {@link requireKeyOrg}, and the permission `envoyIntegrationPermission` names for
   * starting or removing the organisation's integration: by default, that Rhombus reports
   * the user as `superAdmin` (`getPermissionsForCurrentUser`).
   */
  requireIntegrationAdmin(session: Session): Promise<void>
  /**
   * When `RHOMBUS_API_KEY` is configured, the app serves that organisation:
   * {@link requireKeyOrg}. Without one there is no organisation to compare with, and any
   * confirmed session passes. Guards what uses the server's other credentials (Versori's token).
   */
  requireAppOrg(session: Session): Promise<void>
}

/** How long the API key's organisation is remembered (it does not change under a key). */
const keyOrgTtlMs = 10 * 60_000

/** The {@link RhombusUser} of a BFF. */
export function createRhombusUser(options: {
  rhombus: ResolvedRhombusConfig | undefined
  sessions: SessionManager
  callUpstream: CallUpstream
}): RhombusUser {
  const { rhombus, sessions, callUpstream } = options
  let keyOrg: { org: Promise<RhombusOrg | null>; until: number } | undefined

  const apiUrl = () => {
    if (rhombus === undefined) {
      throw new BffError('not_configured', 'Rhombus is not configured on the BFF.')
    }
    return rhombus.apiUrl
  }
  const scheme = (session: Session) =>
    session.isPartner ? 'partner-api-oauth-token' : ('api-oauth-token' as const)

  const call: RhombusUser['call'] = async (session, request) => {
    let current = await sessions.fresh(session)
    let response = await callUpstream(request(current))
    if (response.status !== 401) return { response, session: current }
    if (current.refreshToken === undefined) throw await sessions.expire(current)
    current = await sessions.fresh(current, { stale: current.accessToken })
    response = await callUpstream(request(current))
    if (response.status === 401) throw await sessions.expire(current)
    return { response, session: current }
  }

  const organisationOfKey = (): Promise<RhombusOrg | null> => {
    if (keyOrg !== undefined && keyOrg.until > Date.now()) return keyOrg.org
    if (rhombus?.apiKey === undefined) {
      throw new BffError(
        'not_configured',
        'This needs a Rhombus API key on the BFF (set RHOMBUS_API_KEY).',
      )
    }
    const org = callUpstream(
      rhombusApiKeyRequest({ apiUrl: rhombus.apiUrl, apiKey: rhombus.apiKey }, 'org/getOrgV2', {}),
    ).then((response) => orgOf(processRhombusApiResponse(response, 'getOrgV2')))
    const entry = { org, until: Date.now() + keyOrgTtlMs }
    keyOrg = entry
    org.catch(() => {
      if (keyOrg === entry) keyOrg = undefined
    })
    return org
  }

  const requireKeyOrg = async (session: Session) => {
    const org = await organisationOfKey()
    if (org === null) {
      throw new BffError(
        'upstream_error',
        'Rhombus did not name the organisation of RHOMBUS_API_KEY (getOrgV2), so nobody can be let in.',
      )
    }
    if (session.org?.uuid !== org.uuid) {
      throw new BffError(
        'forbidden',
        `This is the organisation "${org.name}"'s integration, and you signed in to ${session.org ? `"${session.org.name}"` : 'another organisation'}.`,
      )
    }
  }

  return {
    call,
    requireKeyOrg,
    async requireAppOrg(session) {
      if (rhombus?.apiKey !== undefined) await requireKeyOrg(session)
    },
    async requireIntegrationAdmin(session) {
      await requireKeyOrg(session)
      if (rhombus?.envoyIntegrationPermission === 'member') return
      const { response } = await call(session, (current) =>
        rhombusUserRequest(
          apiUrl(),
          'permission/getPermissionsForCurrentUser',
          current.accessToken,
          scheme(current),
        ),
      )
      const permissions = processRhombusApiResponse(response, 'getPermissionsForCurrentUser', {
        detail: 'Rhombus refused getPermissionsForCurrentUser',
        hint: 'Sign in again.',
      })
      if (permissions.superAdmin !== true) {
        throw new BffError(
          'forbidden',
          'Only a Rhombus super admin of the organisation may start or remove its Envoy integration.',
        )
      }
    },
  }
}
