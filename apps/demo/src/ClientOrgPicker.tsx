import { useRhombusQuery } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

interface PartnerClients {
  clients?: Array<{ uuid: string; name?: string }>
}

/**
 * A partner account's client orgs (Rhombus's `/partner/getClients` through the BFF proxy),
 * to act for one of them: the choice goes to every Rhombus call as `org`.
 */
export function ClientOrgPicker({
  org,
  onChange,
}: {
  org: string | undefined
  onChange: (org: string | undefined) => void
}) {
  const clients = useRhombusQuery<PartnerClients>('/partner/getClients', {})
  if (clients.error) return <ErrorAlert error={clients.error} />
  return (
    <p>
      <label>
        Acting for{' '}
        <select
          value={org ?? ''}
          disabled={!clients.data}
          onChange={(event) => onChange(event.target.value || undefined)}
        >
          <option value="">your own organisation</option>
          {(clients.data?.clients ?? []).map((client) => (
            <option key={client.uuid} value={client.uuid}>
              {client.name ?? client.uuid}
            </option>
          ))}
        </select>
      </label>
    </p>
  )
}
