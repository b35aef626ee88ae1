import { useRhombusQuery } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

/** Rhombus's `POST /api/partner/getClientsV2` answer, the fields this page uses. */
interface PartnerClients {
  clients?: Array<{ clientOrgUuid: string; clientOrgName?: string; clientAccessAllowed?: boolean }>
}

/**
 * A partner account's client orgs (Rhombus's `/partner/getClientsV2` through the BFF proxy),
 * to act for one of them: the choice goes to every Rhombus call as `org`.
 */
export function ClientOrgPicker({
  org,
  onChange,
}: {
  org: string | undefined
  onChange: (org: string | undefined) => void
}) {
  const clients = useRhombusQuery<PartnerClients>('/partner/getClientsV2', {})
  if (clients.error) return <ErrorAlert error={clients.error} />
  return (
    <p className="picker">
      <label htmlFor="client-org">Acting for</label>
      <select
        id="client-org"
        value={org ?? ''}
        disabled={!clients.data}
        onChange={(event) => onChange(event.target.value || undefined)}
      >
        <option value="">your own organisation</option>
        {(clients.data?.clients ?? []).map((client) => (
          <option
            key={client.clientOrgUuid}
            value={client.clientOrgUuid}
            disabled={client.clientAccessAllowed === false}
          >
            {client.clientOrgName ?? client.clientOrgUuid}
            {client.clientAccessAllowed === false && ' (no access)'}
          </option>
        ))}
      </select>
    </p>
  )
}
