import type { DoorwayClient, DoorwayError, SessionSummary } from '@doorway/core'
import { queryOptions } from '@tanstack/react-query'
import { doorwayKeys } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/**
 * Query options of the session (`GET /bff/session`), the one query every Doorway hook
 * reads. Use them to prefetch or read the session outside React.
 *
 * @example
 * await queryClient.prefetchQuery(sessionQueryOptions(client))
 */
export function sessionQueryOptions(client: DoorwayClient) {
  return queryOptions<SessionSummary, DoorwayError>({
    queryKey: doorwayKeys.session,
    queryFn: () => client.getSession(),
    staleTime: 60_000,
    retry: shouldRetry,
  })
}
