import {
  defaultVersoriData,
  type VersoriConnector,
  type VersoriCredential,
  type VersoriData,
  type VersoriHub,
} from './versoriData.js'
import { versoriUlid } from './versoriUlid.js'

/** The bearer tokens every sandbox's Versori accepts unless `tokens` is given. */
export const defaultVersoriTokens: readonly string[] = ['sandbox-versori-token']

/** How long a `state` from `initialise` can complete a connection. */
export const versoriStateTtlSeconds = 600

/** One `oauth2/initialise` call, remembered under the `state` it put in the URL. */
export interface VersoriInitialisation {
  state: string
  api: 'embedded' | 'connect'
  /** The hub of the embedded API's path; `null` for the Connect API. */
  hubId: string | null
  organisationId: string
  connectorId: string
  credential: VersoriCredential
  authorizeUrl: string
  redirectUri: string
  /** The scopes as put in the URL (with `offline_access` unless disabled). */
  scopes: string[]
  /** Epoch milliseconds. */
  expiresAt: number
}

/** An end user's connection, with the provider's tokens Versori keeps (never shown). */
export interface VersoriConnection {
  id: string
  name: string
  hubId: string
  userId: string
  connectorId: string
  /** The id of the connection's action credential entry. */
  connectionCredentialId: string
  /** The id of the `oauth2-token` credential the code became. */
  credentialId: string
  credentialName: string
  organisationId: string
  authSchemeConfig: Record<string, unknown>
  variables: unknown[]
  scopes: string[]
  accessToken: string
  refreshToken: string
  /** Epoch milliseconds. */
  createdAt: number
  updatedAt: number
}

/** A request to a route Versori does not document (answered 404), for tests to fail on. */
export interface VersoriViolation {
  method: string
  /** Below the platform host, e.g. `/api/embedded/v1/hubs/h/users/u/connections/c` (at most 300 characters). */
  path: string
  /** Epoch milliseconds. */
  at: number
}

/** The most violations kept (the count goes on): a client cannot grow the list without bound. */
export const maxVersoriViolations = 100

/** Options of {@link createVersoriState}. */
export interface VersoriStateOptions {
  tokens?: readonly string[]
  data?: VersoriData
  now?: () => number
}

/**
 * Everything the Versori emulator remembers: its data (hubs, connectors, credentials),
 * the states of `initialise` calls and the end users' connections. Protocol checks live
 * in the route modules.
 */
export interface VersoriState {
  readonly now: () => number
  readonly data: Readonly<VersoriData>
  isToken(token: string): boolean
  findHub(id: string): VersoriHub | undefined
  findConnector(id: string): VersoriConnector | undefined
  findCredential(id: string): VersoriCredential | undefined
  /** Remembers an initialisation under its `state` for {@link versoriStateTtlSeconds}. */
  openInitialisation(initialisation: Omit<VersoriInitialisation, 'expiresAt'>): void
  /** Reads an initialisation without spending it (the callback page checks its state). */
  findInitialisation(state: string): VersoriInitialisation | undefined
  /** Returns and forgets an initialisation: a state completes one connection at most. */
  takeInitialisation(state: string): VersoriInitialisation | undefined
  addConnection(
    connection: Omit<
      VersoriConnection,
      'id' | 'connectionCredentialId' | 'credentialId' | 'createdAt' | 'updatedAt'
    >,
  ): VersoriConnection
  listConnections(hubId: string, userId: string): VersoriConnection[]
  /** Deletes the end user `userId` of the hub with all their connections; false when unknown. */
  deleteEndUser(hubId: string, userId: string): boolean
  /** Records a request to an undocumented route. */
  recordViolation(violation: Omit<VersoriViolation, 'at'>): void
  /** How many violations there were, and the last {@link maxVersoriViolations}, oldest first. */
  violations(): { count: number; violations: VersoriViolation[] }
  clearViolations(): void
}

/** Creates the Versori emulator's state; see {@link VersoriState}. */
export function createVersoriState(options: VersoriStateOptions = {}): VersoriState {
  const now = options.now ?? Date.now
  const tokens = new Set(options.tokens ?? defaultVersoriTokens)
  const data = structuredClone(options.data ?? defaultVersoriData)
  const byId = <T extends { id: string }>(items: T[]) =>
    new Map(items.map((item) => [item.id, item] as const))
  const hubs = byId(data.hubs)
  const connectors = byId(data.connectors)
  const credentials = byId(data.credentials)
  const initialisations = new Map<string, VersoriInitialisation>()
  let connections: VersoriConnection[] = []
  let violations: VersoriViolation[] = []
  let violationCount = 0

  return {
    now,
    data,
    isToken: (token) => tokens.has(token),
    findHub: (id) => hubs.get(id),
    findConnector: (id) => connectors.get(id),
    findCredential: (id) => credentials.get(id),
    openInitialisation(initialisation) {
      initialisations.set(initialisation.state, {
        ...initialisation,
        expiresAt: now() + versoriStateTtlSeconds * 1000,
      })
    },
    findInitialisation: (state) => initialisations.get(state),
    takeInitialisation(state) {
      const initialisation = initialisations.get(state)
      initialisations.delete(state)
      return initialisation
    },
    addConnection(connection) {
      const at = now()
      const added: VersoriConnection = {
        ...connection,
        id: versoriUlid(at),
        connectionCredentialId: versoriUlid(at),
        credentialId: versoriUlid(at),
        createdAt: at,
        updatedAt: at,
      }
      connections.push(added)
      return added
    },
    listConnections: (hubId, userId) =>
      connections.filter((c) => c.hubId === hubId && c.userId === userId),
    deleteEndUser(hubId, userId) {
      const kept = connections.filter((c) => c.hubId !== hubId || c.userId !== userId)
      if (kept.length === connections.length) return false
      connections = kept
      return true
    },
    recordViolation(violation) {
      violationCount += 1
      const entry = { method: violation.method.slice(0, 16), path: violation.path.slice(0, 300) }
      violations = [...violations, { ...entry, at: now() }].slice(-maxVersoriViolations)
    },
    violations: () => ({ count: violationCount, violations: [...violations] }),
    clearViolations() {
      violationCount = 0
      violations = []
    },
  }
}
