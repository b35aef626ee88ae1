import type { DoorwayError, EnvoyConnection, EnvoyVia } from '@doorway/core'
import { envoyChanges } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { configQueryOptions } from './configQueryOptions.js'
import { useDoorwayContext } from './DoorwayContext.js'
import { doorwayKeys } from './doorwayKeys.js'
import { envoyConnectionQueryOptions } from './envoyConnectionQueryOptions.js'
import { useRhombusLogin } from './useRhombusLogin.js'

/** One way's connection as a query, and whether the way can be used now. */
export interface EnvoyConnectionState {
  query: UseQueryResult<EnvoyConnection, DoorwayError>
  /** Signed in, and the BFF serves this way (`/config` `connect`); undefined while unknown. */
  isAvailable: boolean | undefined
  /** The `/config` read failed. */
  configError: DoorwayError | null
}

/**
 * The connection query of one way, run while signed in and while the BFF serves that way,
 * kept in step with Envoy changes from this tab and the others (`envoyChanges`, the
 * session's BroadcastChannel); Envoy data goes with the session on sign-out.
 */
export function useEnvoyConnection(via: EnvoyVia): EnvoyConnectionState {
  const { client, queryClient } = useDoorwayContext()
  const { isAuthenticated } = useRhombusLogin()
  const config = useQuery(configQueryOptions(client), queryClient)
  // A BFF that predates `connect` is asked, and answers not_configured if it must.
  const served = config.data && (config.data.connect?.[via] ?? true)
  const isAvailable = served === undefined ? undefined : isAuthenticated && served
  const query = useQuery(
    { ...envoyConnectionQueryOptions(client, via), enabled: isAvailable === true },
    queryClient,
  )

  useEffect(
    () =>
      envoyChanges.subscribe((connection) => {
        queryClient.setQueryData(doorwayKeys.envoy('connection', connection.via), connection)
        // API data is read again with the new connection once its queries run.
        if (connection.via === 'direct' && connection.status === 'connected') {
          void queryClient.invalidateQueries({ queryKey: doorwayKeys.envoy('api') })
        }
      }),
    [queryClient],
  )
  // Envoy data belongs to the signed-in user: gone on sign-out, in this tab or another.
  useEffect(
    () =>
      client.subscribe((session) => {
        if (session.authenticated) return
        queryClient.removeQueries({ queryKey: doorwayKeys.envoy() })
        const mutations = queryClient.getMutationCache()
        for (const m of mutations.findAll({ mutationKey: doorwayKeys.envoy() })) mutations.remove(m)
      }),
    [client, queryClient],
  )
  return { query, isAvailable, configError: config.error }
}
