import type { EnvoyClient } from '../envoy/envoyClient.js'
import type { EnvoyScope } from '../envoy/envoyScopes.js'
import { randomId } from '../randomId.js'
import { rhombusPrefixes } from './rhombusPrefixes.js'

/** The client id Rhombus's Envoy integration has at the sandbox's Envoy. */
export const rhombusEnvoyClientId = 'rhombus-envoy-integration'

/** The scopes Rhombus asks Envoy for (the sandbox's choice; `token.refresh` so it can refresh). */
export const rhombusEnvoyScopes: readonly EnvoyScope[] = [
  'locations.read',
  'entries.read',
  'invites.read',
  'token.refresh',
]

/**
 * Where Envoy sends the browser back to Rhombus: a sandbox page on the console host
 * (Rhombus's real callback is not in our notes), as a path on the sandbox's own origin.
 */
export const rhombusEnvoyCallbackPath = `${rhombusPrefixes.console}/integrations/envoy/callback`

/** {@link rhombusEnvoyCallbackPath} below the console prefix. */
export const rhombusEnvoyCallbackRoute = rhombusEnvoyCallbackPath.slice(
  rhombusPrefixes.console.length,
)

/** How long the user has to finish at Envoy after `initiateEnvoyOAuth`. */
export const rhombusEnvoyInitiationTtlSeconds = 600

/** One `initiateEnvoyOAuth` call, remembered under the `state` Rhombus sent to Envoy. */
export interface RhombusEnvoyInitiation {
  state: string
  orgUuid: string
  requestUrl: string
  param: string | null
  rhombusOrgUserUuid: string | null
  /** Epoch milliseconds. */
  expiresAt: number
}

/** The Envoy connection Rhombus keeps for an organisation; its tokens never leave Rhombus. */
export interface RhombusEnvoyConnection {
  orgUuid: string
  companyId: string
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds. */
  connectedAt: number
  connectedBy: string | null
}

/** Options of {@link createRhombusEnvoyIntegration}. */
export interface RhombusEnvoyIntegrationOptions {
  now?: () => number
}

/** What Rhombus's Envoy integration remembers; see {@link createRhombusEnvoyIntegration}. */
export interface RhombusEnvoyIntegration {
  /** Rhombus as an Envoy app; the sandbox registers it with its Envoy. */
  readonly envoyClient: Readonly<EnvoyClient>
  openInitiation(
    initiation: Omit<RhombusEnvoyInitiation, 'state' | 'expiresAt'>,
  ): RhombusEnvoyInitiation
  /** Returns and forgets an initiation: Envoy's callback is handled once. */
  takeInitiation(state: string): RhombusEnvoyInitiation | undefined
  /** Stores (or replaces) an organisation's Envoy connection. */
  saveConnection(connection: RhombusEnvoyConnection): void
  findConnection(orgUuid: string): RhombusEnvoyConnection | undefined
  /** Forgets an organisation's Envoy connection (`deleteEnvoyIntegrationV2`); false when none. */
  deleteConnection(orgUuid: string): boolean
}

/**
 * Creates Rhombus's Envoy integration state: Rhombus is the Envoy OAuth client here (its
 * secret is random per sandbox and never leaves it), remembers each initiation by the
 * `state` it sends to Envoy, and keeps one Envoy connection per organisation.
 */
export function createRhombusEnvoyIntegration(
  options: RhombusEnvoyIntegrationOptions = {},
): RhombusEnvoyIntegration {
  const now = options.now ?? Date.now
  const initiations = new Map<string, RhombusEnvoyInitiation>()
  const connections = new Map<string, RhombusEnvoyConnection>()
  return {
    envoyClient: {
      clientId: rhombusEnvoyClientId,
      clientSecret: randomId('rhombus_envoy_secret'),
      redirectUris: [rhombusEnvoyCallbackPath],
      name: 'Rhombus',
    },
    openInitiation(initiation) {
      const opened = {
        ...initiation,
        state: randomId('rhombus_envoy_state'),
        expiresAt: now() + rhombusEnvoyInitiationTtlSeconds * 1000,
      }
      initiations.set(opened.state, opened)
      return opened
    },
    takeInitiation(state) {
      const initiation = initiations.get(state)
      initiations.delete(state)
      return initiation
    },
    saveConnection(connection) {
      connections.set(connection.orgUuid, { ...connection })
    },
    findConnection: (orgUuid) => connections.get(orgUuid),
    deleteConnection: (orgUuid) => connections.delete(orgUuid),
  }
}
