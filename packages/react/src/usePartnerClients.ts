import type { DoorwayError, RhombusPartnerClient } from '@doorway/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useDoorwayContext } from './DoorwayContext.js'
import { partnerClientsQueryOptions } from './partnerClientsQueryOptions.js'
import { useRhombusLogin } from './useRhombusLogin.js'

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
