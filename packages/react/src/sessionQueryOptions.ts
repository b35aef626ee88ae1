import type { DoorwayClient, DoorwayError, SessionSummary } from '@doorway/core'
import { queryOptions } from '@tanstack/react-query'
import { sessionKey } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/**
 * Query options of the session (`GET /bff/session`), the one query every Doorway hook
 * reads. Use them to prefetch or read the session outside React.
 *
 * @example
 * await queryClient.prefetchQuery(sessionQueryOptions(client))
 */
export const sessionQueryOptions = (client: DoorwayClient) =>
  queryOptions<SessionSummary, DoorwayError>({
    queryKey: sessionKey,
    queryFn: () => client.getSession(),
    staleTime: 60_000,
    retry: shouldRetry,
    // A failed read stays failed until a read the user (`retry()`) or another tab asks for:
    // not read again when a component mounts, the window regains focus or the network
    // returns (each would reset it to loading, unmount the sign-in button that mounted it,
    // and loop).
    enabled: ({ state }) => !state.error,
  })
