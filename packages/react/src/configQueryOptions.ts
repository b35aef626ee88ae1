import type { DoorwayClient, DoorwayError, PublicConfig } from '@doorway/core'
import { queryOptions } from '@tanstack/react-query'
import { doorwayKeys } from './doorwayKeys.js'
import { shouldRetry } from './shouldRetry.js'

/**
 * Query options of the BFF's public configuration, for example to show a sign-in button
 * only when Rhombus is configured. It changes only on deploy, so it never goes stale.
 *
 * @example
 * const config = useQuery(configQueryOptions(useDoorwayClient()))
 * {config.data?.providers.rhombus && <RhombusLoginButton />}
 */
export function configQueryOptions(client: DoorwayClient) {
  return queryOptions<PublicConfig, DoorwayError>({
    queryKey: doorwayKeys.config,
    queryFn: () => client.getConfig(),
    staleTime: Number.POSITIVE_INFINITY,
    retry: shouldRetry,
  })
}
