import {
  type DoorwayClient,
  type DoorwayError,
  listRhombusApiKeys,
  type RhombusApiKey,
} from '@doorway/core'
import { queryOptions, type UseQueryOptions } from '@tanstack/react-query'
import { doorwayKeys, rhombusKey } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/** Query options of a Rhombus API call, less the key and function Doorway sets. */
export type RhombusQueryOptions<T, TData = T> = Omit<
  UseQueryOptions<T, DoorwayError, TData>,
  'queryKey' | 'queryFn'
> & {
  /**
   * A partner session acting for one of its client orgs: the org's uuid (sent as
   * `x-doorway-org`, forwarded by the BFF as `x-auth-org`); part of the query key.
   */
  org?: string
}

/**
 * Query options of one Rhombus API call through the BFF proxy
 * (`POST /bff/rhombus/api/<path>`), keyed by `rhombusKey(path, body)`, plus the
 * org when acting for a client org.
 *
 * @example
 * await queryClient.prefetchQuery(rhombusQueryOptions(client, '/user/getUsersInOrg', {}))
 * rhombusQueryOptions(client, '/user/getUsersInOrg', {}, { org: clientOrgUuid })
 */
export const rhombusQueryOptions = <T = unknown, TData = T>(
  client: DoorwayClient,
  path: string,
  body?: unknown,
  { org, ...options }: RhombusQueryOptions<T, TData> = {},
) =>
  queryOptions<T, DoorwayError, TData>({
    retry: shouldRetry,
    ...options,
    queryKey: org === undefined ? rhombusKey(path, body) : rhombusKey(path, body, org),
    queryFn: ({ signal }) => client.rhombus.request<T>(path, body, { signal, org }),
  })

/**
 * Query options of the signed-in user's Rhombus API keys (`GET /bff/rhombus/api-keys`: never the
 * keys themselves), keyed by `doorwayKeys.rhombusApiKeys`, the query `useRhombusApiKeys`
 * reads. Like every user query, it goes with the session on sign-out.
 *
 * @example
 * await queryClient.prefetchQuery(rhombusApiKeysQueryOptions(client))
 * queryClient.invalidateQueries({ queryKey: rhombusApiKeysQueryOptions(client).queryKey })
 */
export const rhombusApiKeysQueryOptions = (client: DoorwayClient) =>
  queryOptions<RhombusApiKey[], DoorwayError>({
    queryKey: doorwayKeys.rhombusApiKeys,
    queryFn: ({ signal }) => listRhombusApiKeys(client, signal),
    retry: shouldRetry,
  })
