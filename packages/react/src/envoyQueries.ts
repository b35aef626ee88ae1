'use client'

import {
  type DoorwayClient,
  type DoorwayError,
  type EnvoyConnection,
  type EnvoyVia,
  envoyRequest,
  getEnvoyConnection,
  listRhombusEnvoyLocations,
  type RhombusEnvoyLocation,
} from '@doorway/core'
import {
  queryOptions,
  type UseQueryOptions,
  type UseQueryResult,
  useQuery,
} from '@tanstack/react-query'
import { useEffect } from 'react'
import { shouldRetry, subscribeEnvoyChanges } from './cachePolicy.js'
import { useDoorwayContext } from './DoorwayProvider.js'
import { doorwayKeys } from './doorwayKeys.js'
import { configQueryOptions, useRhombusLogin } from './sessionQueries.js'

/**
 * Query options of the signed-in user's Envoy connection of one way
 * (`GET /bff/envoy/connection?via=`), keyed by `doorwayKeys.envoy('connection', via)`.
 *
 * @example
 * await queryClient.prefetchQuery(envoyConnectionQueryOptions(client, 'direct'))
 */
export function envoyConnectionQueryOptions(client: DoorwayClient, via: EnvoyVia) {
  return queryOptions<EnvoyConnection, DoorwayError>({
    queryKey: doorwayKeys.envoy('connection', via),
    queryFn: ({ signal }) => getEnvoyConnection(client, via, { signal }),
    staleTime: 60_000,
    retry: shouldRetry,
  })
}

/** Query options of an Envoy API call, less the key and function Doorway sets. */
export type EnvoyQueryOptions<T, TData = T> = Omit<
  UseQueryOptions<T, DoorwayError, TData>,
  'queryKey' | 'queryFn'
>

/**
 * Query options of one Envoy API call through the BFF proxy
 * (`GET /bff/envoy/api/<path>`, with the direct connection), keyed by
 * `doorwayKeys.envoy('api', path)`.
 *
 * @example
 * await queryClient.prefetchQuery(envoyQueryOptions(client, '/v1/locations'))
 */
export function envoyQueryOptions<T = unknown, TData = T>(
  client: DoorwayClient,
  path: string,
  options?: EnvoyQueryOptions<T, TData>,
) {
  return queryOptions<T, DoorwayError, TData>({
    retry: shouldRetry,
    ...options,
    queryKey: doorwayKeys.envoy('api', path),
    queryFn: ({ signal }) => envoyRequest<T>(client, path, { signal }),
  })
}

/**
 * Query options of the Envoy locations read through Rhombus's Envoy integration
 * (`GET /bff/envoy/rhombus/locations`), the query `useRhombusEnvoyLocations` reads.
 * Keyed under `doorwayKeys.envoy()` (so under `doorwayKeys.user`): it goes with the session
 * on sign-out.
 *
 * @example
 * await queryClient.prefetchQuery(rhombusEnvoyLocationsQueryOptions(client))
 */
export const rhombusEnvoyLocationsQueryOptions = (client: DoorwayClient) =>
  queryOptions<RhombusEnvoyLocation[], DoorwayError>({
    queryKey: ['doorway', 'user', 'envoy', 'rhombus', 'locations'] as const,
    queryFn: ({ signal }) => listRhombusEnvoyLocations(client, signal),
    retry: shouldRetry,
  })

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

/**
 * Calls the Envoy API through the BFF proxy with the direct connection (the only one whose
 * tokens the BFF holds), as a query that runs only while that connection is connected (an
 * `enabled` option can only narrow that further). An `envoy_disconnected` answer (Envoy
 * refused the refresh) flips the connection to disconnected everywhere.
 *
 * @example
 * const locations = useEnvoyQuery<{ data: Location[] }>('/v1/locations')
 */
export function useEnvoyQuery<T = unknown, TData = T>(
  path: string,
  options?: EnvoyQueryOptions<T, TData>,
): UseQueryResult<TData, DoorwayError> {
  const { client, queryClient } = useDoorwayContext()
  const { query } = useEnvoyConnection('direct')
  return useQuery(
    envoyQueryOptions(client, path, {
      ...options,
      enabled: query.data?.status === 'connected' && (options?.enabled ?? true),
    }),
    queryClient,
  )
}

/**
 * The Envoy locations of the user's organisation through Rhombus's own Envoy integration
 * (the `rhombus` way of `useEnvoyConnect`), as a query that runs only while that way is
 * connected. An `envoy_disconnected` answer (Envoy no longer takes Rhombus's token) flips
 * the Rhombus way to disconnected everywhere; a user of another organisation gets 403
 * `forbidden`.
 *
 * @example
 * const locations = useRhombusEnvoyLocations()
 * <ul>{locations.data?.map((l) => <li key={l.id}>{l.name}</li>)}</ul>
 */
export function useRhombusEnvoyLocations(): UseQueryResult<RhombusEnvoyLocation[], DoorwayError> {
  const { client, queryClient } = useDoorwayContext()
  const { query } = useEnvoyConnection('rhombus')
  return useQuery(
    {
      ...rhombusEnvoyLocationsQueryOptions(client),
      enabled: query.data?.status === 'connected',
    },
    queryClient,
  )
}
