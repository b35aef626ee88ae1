'use client'

import {
  createRhombusApiKey,
  type DoorwayClient,
  type DoorwayError,
  deleteRhombusApiKey,
  listPartnerClients,
  listRhombusApiKeys,
  type RhombusApiKey,
  type RhombusPartnerClient,
} from '@doorway/core'
import {
  queryOptions,
  type UseQueryOptions,
  type UseQueryResult,
  useMutation,
  useQuery,
} from '@tanstack/react-query'
import { shouldRetry } from './cachePolicy.js'
import { useDoorwayContext } from './DoorwayProvider.js'
import { doorwayKeys, rhombusKey } from './doorwayKeys.js'
import { useRhombusLogin } from './sessionQueries.js'

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

/**
 * Query options of the signed-in partner's client orgs (`GET /bff/rhombus/partner/clients`),
 * the query `usePartnerClients` reads. Keyed under `doorwayKeys.rhombus()` (so under
 * `doorwayKeys.user`): it goes with the session on sign-out, and is read again for another
 * user.
 *
 * @example
 * await queryClient.prefetchQuery(partnerClientsQueryOptions(client))
 * queryClient.invalidateQueries({ queryKey: partnerClientsQueryOptions(client).queryKey })
 */
export const partnerClientsQueryOptions = (client: DoorwayClient) =>
  queryOptions<RhombusPartnerClient[], DoorwayError>({
    queryKey: ['doorway', 'user', 'rhombus', 'partner-clients'] as const,
    queryFn: ({ signal }) => listPartnerClients(client, signal),
    retry: shouldRetry,
  })

/**
 * Calls the Rhombus API through the BFF proxy, as a query that runs only while signed
 * in (an `enabled` option can only narrow that further).
 *
 * @example
 * const users = useRhombusQuery<UsersInOrg>('/user/getUsersInOrg', {})
 */
export function useRhombusQuery<T = unknown, TData = T>(
  path: string,
  body?: unknown,
  options?: RhombusQueryOptions<T, TData>,
): UseQueryResult<TData, DoorwayError> {
  const { client, queryClient } = useDoorwayContext()
  const { isAuthenticated } = useRhombusLogin()
  return useQuery(
    rhombusQueryOptions(client, path, body, {
      ...options,
      enabled: isAuthenticated && (options?.enabled ?? true),
    }),
    queryClient,
  )
}

/** What {@link useRhombusApiKeys} returns. */
export interface UseRhombusApiKeysResult {
  /** The signed-in user's keys (never the keys themselves), read while signed in. */
  query: UseQueryResult<RhombusApiKey[], DoorwayError>
  /** Mints a key from the session (like react-query's `mutate`: failures become `error`). */
  create(displayName: string): void
  /** Revokes a key at Rhombus and forgets it (through the BFF); failures become `error`. */
  remove(id: string): void
  isCreating: boolean
  isRemoving: boolean
  /** The last create or remove error, kept as state. */
  error: DoorwayError | null
}

/**
 * The signed-in user's long-lived Rhombus API keys: list, mint (`create`) and forget
 * (`remove`). The BFF mints each key with the session's token (the partner endpoint for a
 * partner account) and keeps it encrypted server-side for your server code (see
 * `rhombusApiKeys` in `@doorway/bff`); the browser only ever sees `{id, displayName,
 * createdAt, partner}`. The list is read again after each change, and goes with the session.
 *
 * @example
 * const { query, create, remove } = useRhombusApiKeys()
 * <button onClick={() => create('Nightly export')}>Create a key</button>
 * {query.data?.map((key) => <li key={key.id}>{key.displayName}
 *   <button onClick={() => remove(key.id)}>Delete</button></li>)}
 */
export function useRhombusApiKeys(): UseRhombusApiKeysResult {
  const { client, queryClient } = useDoorwayContext()
  const { isAuthenticated } = useRhombusLogin()
  const options = rhombusApiKeysQueryOptions(client)
  const query = useQuery({ ...options, enabled: isAuthenticated }, queryClient)
  const settled = () => queryClient.invalidateQueries({ queryKey: options.queryKey })
  const creating = useMutation<RhombusApiKey, DoorwayError, string>(
    { mutationFn: (name) => createRhombusApiKey(client, name), onSettled: settled },
    queryClient,
  )
  const removing = useMutation<void, DoorwayError, string>(
    { mutationFn: (id) => deleteRhombusApiKey(client, id), onSettled: settled },
    queryClient,
  )
  return {
    query,
    create: (displayName) => creating.mutate(displayName),
    remove: (id) => removing.mutate(id),
    isCreating: creating.isPending,
    isRemoving: removing.isPending,
    error: creating.error ?? removing.error,
  }
}

/**
 * The signed-in partner's client orgs, in Rhombus's documented shape (`clientOrgUuid`,
 * `clientOrgName`, `clientAccessAllowed`). Read only while a partner session is signed in
 * (a standard session reads nothing: the BFF would answer 403). To act for a client, pass
 * its `clientOrgUuid` as `org` to `useRhombusQuery` (sent as `x-auth-org`); one whose
 * `clientAccessAllowed` is false is refused by Rhombus.
 *
 * @example
 * const clients = usePartnerClients()
 * <select>{clients.data?.map((c) => (
 *   <option key={c.clientOrgUuid} value={c.clientOrgUuid} disabled={!c.clientAccessAllowed}>
 *     {c.clientOrgName}
 *   </option>))}</select>
 */
export function usePartnerClients(): UseQueryResult<RhombusPartnerClient[], DoorwayError> {
  const { client, queryClient } = useDoorwayContext()
  const { isAuthenticated, isPartner } = useRhombusLogin()
  return useQuery(
    { ...partnerClientsQueryOptions(client), enabled: isAuthenticated && isPartner },
    queryClient,
  )
}
