import type { DoorwayError, EnvoyConnection } from '@doorway/core'

/**
 * Where one way's Envoy connection stands: `connecting` while a connect of this way runs,
 * `connected`, `error` when the last connect or disconnect failed, the connection could
 * not be read, or it was lost (`envoy_disconnected`), else `disconnected`.
 */
export type EnvoyConnectStatus = 'disconnected' | 'connecting' | 'connected' | 'error'

/** The latest connect or disconnect of a way, from whichever component started it. */
export interface LastEnvoyMutation {
  kind: 'connect' | 'disconnect'
  error: DoorwayError | null
  submittedAt: number
}

/** What one way's state is read from: its connection query, `/config` and its mutations. */
export interface EnvoyConnectInputs {
  connection: EnvoyConnection | undefined
  /** When the connection query last got its data (epoch ms; 0 before). */
  dataUpdatedAt: number
  /** The connection query has no data yet. */
  isPending: boolean
  readError: DoorwayError | null
  configError: DoorwayError | null
  /** The connection's own error (`envoyConnectionError`): it was lost. */
  lost: DoorwayError | null
  /** Signed in and served by the BFF; undefined while unknown. */
  isAvailable: boolean | undefined
  /** A connect of this way is under way. */
  isConnecting: boolean
  last: LastEnvoyMutation | undefined
}

/** The state part of `useEnvoyConnect`'s result. */
export interface EnvoyConnectState {
  status: EnvoyConnectStatus
  /** The last error, kept as state (never thrown) until a newer attempt or outcome. */
  error: DoorwayError | null
  /** True until it is known whether this way can be used and, if so, its connection. */
  isLoading: boolean
}

/**
 * One way's connect status, its error and whether it is still loading, from query and
 * mutation state only. A failed connect is moot once a newer connection arrived (another
 * tab, a retry), and a failed disconnect once a newer disconnection did; a mere re-read
 * keeps the error.
 */
export function envoyConnectStatus({
  connection,
  dataUpdatedAt,
  isPending,
  readError,
  configError,
  lost,
  isAvailable,
  isConnecting,
  last,
}: EnvoyConnectInputs): EnvoyConnectState {
  const settled =
    last !== undefined &&
    dataUpdatedAt > last.submittedAt &&
    connection?.status === (last.kind === 'connect' ? 'connected' : 'disconnected')
  const error = (settled ? null : last?.error) ?? readError ?? configError ?? lost
  let status: EnvoyConnectStatus = 'disconnected'
  if (isConnecting) status = 'connecting'
  else if (connection?.status === 'connected') status = 'connected'
  else if (error) status = 'error'
  return {
    status,
    error,
    isLoading: !configError && (isAvailable === undefined || (isAvailable && isPending)),
  }
}
