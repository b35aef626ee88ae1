import type { DoorwayError, EnvoyConnection, EnvoyVia } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { subscribeEnvoyChanges } from './cachePolicy.js'
import { configQueryOptions } from './configQueryOptions.js'
import { useDoorwayContext } from './DoorwayContext.js'
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
 * The connection query of one way, run while signed in and while the BFF serves that way.
 * Kept in step with Envoy changes from this tab and the others (`envoyChanges`, applied by
 * the cache policy once per QueryClient); the provider's cache policy drops it on sign-out.
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
  useEffect(() => subscribeEnvoyChanges(queryClient), [queryClient])
  return { query, isAvailable, configError: config.error }
}
