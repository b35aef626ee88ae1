import {
  type DoorwayClient,
  type DoorwayError,
  listPartnerClients,
  type RhombusPartnerClient,
} from '@doorway/core'
import { queryOptions } from '@tanstack/react-query'
import { shouldRetry } from './shouldRetry.js'

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
