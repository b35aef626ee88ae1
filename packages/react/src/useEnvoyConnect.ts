import {
  type ConnectEnvoyOptions,
  connectEnvoy,
  type DoorwayError,
  disconnectEnvoy,
  type EnvoyConnection,
  type EnvoyVia,
  envoyConnectionError,
} from '@doorway/core'
import { useIsMutating, useMutationState } from '@tanstack/react-query'
import { useMemo } from 'react'
import { track } from './cachePolicy.js'
import { useDoorwayContext } from './DoorwayProvider.js'
import { doorwayKeys, envoyMutationFilters, parseEnvoyMutationKey } from './doorwayKeys.js'
import {
  type EnvoyConnectState,
  type EnvoyConnectStatus,
  envoyConnectStatus,
  type LastEnvoyMutation,
} from './envoyConnectStatus.js'
import { useEnvoyConnection } from './envoyQueries.js'

export type { EnvoyConnectState, EnvoyConnectStatus }

/** Options of {@link UseEnvoyConnectResult.connect}: those of `connectEnvoy`, less the way. */
export type EnvoyConnectOptions = Omit<ConnectEnvoyOptions, 'via'>

export interface UseEnvoyConnectResult extends EnvoyConnectState {
  /** The connection as the BFF last told it; undefined until known. */
  connection: EnvoyConnection | undefined
  /** The provider's warning from the last connect (Rhombus's `warningMsg`). */
  warning: string | undefined
  /** Signed in and served by the BFF; undefined while unknown. */
  isAvailable: boolean | undefined
  isDisconnecting: boolean
  /**
   * Starts connecting this way. Call it from a click handler: the popup (the default mode)
   * opens before any await. While any connect or sign-in runs, joins it (core runs one
   * attempt at a time).
   */
  connect(options?: EnvoyConnectOptions, onError?: (error: DoorwayError) => void): void
  /** Disconnects this way (through Rhombus: removes Rhombus's integration, with the configured permission). */
  disconnect(onError?: (error: DoorwayError) => void): void
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
export function useEnvoyConnect({ via }: { via: EnvoyVia }): UseEnvoyConnectResult {
  const { client, queryClient } = useDoorwayContext()
  const { query, isAvailable, configError } = useEnvoyConnection(via)
  const isConnecting =
    useIsMutating({ mutationKey: doorwayKeys.envoy('connect', via) }, queryClient) > 0
  const isDisconnecting =
    useIsMutating({ mutationKey: doorwayKeys.envoy('disconnect', via) }, queryClient) > 0
  const last = useMutationState<LastEnvoyMutation>(
    {
      filters: envoyMutationFilters(via),
      select: ({ state, options }) => ({
        kind: parseEnvoyMutationKey(options.mutationKey)?.kind ?? 'connect',
        error: state.error as DoorwayError | null,
        submittedAt: state.submittedAt,
      }),
    },
    queryClient,
  ).at(-1)
  const connection = query.data
  const lost = useMemo(() => envoyConnectionError(connection), [connection])

  const actions = useMemo(
    () => ({
      connect(options?: EnvoyConnectOptions, onError?: (error: DoorwayError) => void) {
        track(
          queryClient,
          doorwayKeys.envoy('connect', via),
          () => connectEnvoy(client, { ...options, via }),
          onError,
        )
      },
      disconnect(onError?: (error: DoorwayError) => void) {
        const mutationKey = doorwayKeys.envoy('disconnect', via)
        if (queryClient.isMutating({ mutationKey }) > 0) return
        track(queryClient, mutationKey, () => disconnectEnvoy(client, via), onError)
      },
    }),
    [client, queryClient, via],
  )

  return {
    ...envoyConnectStatus({
      connection,
      dataUpdatedAt: query.dataUpdatedAt,
      isPending: query.isPending,
      readError: query.error,
      configError,
      lost,
      isAvailable,
      isConnecting,
      last,
    }),
    connection,
    warning: connection?.warning,
    isAvailable,
    isDisconnecting,
    ...actions,
  }
}
