import {
  type ConnectEnvoyOptions,
  connectEnvoy,
  type DoorwayError,
  disconnectEnvoy,
  type EnvoyConnection,
  type EnvoyVia,
  envoyConnectionError,
} from '@doorway/core'
import { type Mutation, useIsMutating, useMutationState } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useDoorwayContext } from './DoorwayContext.js'
import { doorwayKeys } from './doorwayKeys.js'
import { trackMutation, useTrackedMutation } from './trackedMutation.js'
import { useEnvoyConnection } from './useEnvoyConnection.js'

/**
 * Where one way's Envoy connection stands: `connecting` while a connect of this way runs,
 * `connected`, `error` when the last connect or disconnect failed, the connection could
 * not be read, or it was lost (`envoy_disconnected`), else `disconnected`.
 */
export type EnvoyConnectStatus = 'disconnected' | 'connecting' | 'connected' | 'error'

/** Options of {@link EnvoyConnect.connect}: those of `connectEnvoy`, less the way. */
export type EnvoyConnectOptions = Omit<ConnectEnvoyOptions, 'via'>

export interface EnvoyConnect {
  status: EnvoyConnectStatus
  /** The connection as the BFF last told it; undefined until known. */
  connection: EnvoyConnection | undefined
  /** The last error, kept as state (never thrown) until a newer attempt or outcome. */
  error: DoorwayError | null
  /** The provider's warning from the last connect (Rhombus's `warningMsg`). */
  warning: string | undefined
  /** True until it is known whether this way can be used and, if so, its connection. */
  isLoading: boolean
  /** Signed in and served by the BFF; undefined while unknown. */
  isAvailable: boolean | undefined
  isDisconnecting: boolean
  /**
   * Starts connecting this way. Call it from a click handler: the popup (the default mode)
   * opens before any await. Does nothing while any Envoy connect is under way.
   */
  connect(options?: EnvoyConnectOptions, onError?: (error: DoorwayError) => void): void
  /** Disconnects this way (through Rhombus the BFF answers `not_supported`). */
  disconnect(onError?: (error: DoorwayError) => void): void
}

type Last = Pick<Mutation<void, DoorwayError, Promise<void>>['state'], 'error' | 'submittedAt'> & {
  kind: unknown
}

/**
 * Connect and disconnect the signed-in user's Envoy account one way (`direct`, `rhombus`
 * or `versori`). The connection is a query (`envoyConnectionQueryOptions`), run while
 * signed in; connects and disconnects are mutations started synchronously in the click,
 * shared by every component of the same way, and kept in step with the other tabs.
 *
 * @example
 * const envoy = useEnvoyConnect({ via: 'direct' })
 * <button onClick={() => envoy.connect()}>Connect Envoy</button>
 */
export function useEnvoyConnect({ via }: { via: EnvoyVia }): EnvoyConnect {
  const { client, queryClient } = useDoorwayContext()
  const { query, isAvailable, configError } = useEnvoyConnection(via)
  const connectKey = doorwayKeys.envoy('connect', via)
  const disconnectKey = doorwayKeys.envoy('disconnect', via)
  const { mutate: startConnect } = useTrackedMutation(connectKey, queryClient)
  const { mutate: startDisconnect } = useTrackedMutation(disconnectKey, queryClient)
  const isConnecting = useIsMutating({ mutationKey: connectKey }, queryClient) > 0
  const isDisconnecting = useIsMutating({ mutationKey: disconnectKey }, queryClient) > 0
  // The latest connect or disconnect of this way, from whichever component started it.
  const last = useMutationState<Last>(
    {
      filters: {
        predicate: (m) =>
          m.options.mutationKey?.[3] === via &&
          (m.options.mutationKey[2] === 'connect' || m.options.mutationKey[2] === 'disconnect'),
      },
      select: ({ state, options }) => ({
        kind: options.mutationKey?.[2],
        error: state.error as DoorwayError | null,
        submittedAt: state.submittedAt,
      }),
    },
    queryClient,
  ).at(-1)

  const connection = query.data
  const lost = useMemo(() => envoyConnectionError(connection), [connection])
  // A failed connect is moot once a newer connection arrived (another tab, a retry), and a
  // failed disconnect once a newer disconnection did; a mere re-read keeps the error.
  const settled =
    last !== undefined &&
    query.dataUpdatedAt > last.submittedAt &&
    connection?.status === (last.kind === 'connect' ? 'connected' : 'disconnected')
  const mutationError = settled ? null : (last?.error ?? null)
  const error = mutationError ?? query.error ?? configError ?? lost

  const actions = useMemo(
    () => ({
      connect(options?: EnvoyConnectOptions, onError?: (error: DoorwayError) => void) {
        if (queryClient.isMutating({ mutationKey: doorwayKeys.envoy('connect') }) > 0) return
        trackMutation(
          startConnect,
          async () => void (await connectEnvoy(client, { ...options, via })),
          onError,
        )
      },
      disconnect(onError?: (error: DoorwayError) => void) {
        const mutationKey = doorwayKeys.envoy('disconnect', via)
        if (queryClient.isMutating({ mutationKey }) > 0) return
        trackMutation(
          startDisconnect,
          async () => void (await disconnectEnvoy(client, via)),
          onError,
        )
      },
    }),
    [client, queryClient, via, startConnect, startDisconnect],
  )

  return {
    status: isConnecting
      ? 'connecting'
      : connection?.status === 'connected'
        ? 'connected'
        : error
          ? 'error'
          : 'disconnected',
    connection,
    error,
    warning: connection?.warning,
    isLoading: !configError && (isAvailable === undefined || (isAvailable && query.isPending)),
    isAvailable,
    isDisconnecting,
    ...actions,
  }
}
