import { usePartnerClients } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

/**
 * A partner account's client orgs (`usePartnerClients`: the BFF's typed list, read from
 * Rhombus's `getClientsV2`), to act for one of them: the choice goes to every Rhombus call
 * as `org` (the BFF sends it as `x-auth-org`). A client Rhombus gives no access to now is
 * listed but cannot be picked.
 */
export function ClientOrgPicker({
  org,
  onChange,
}: {
  org: string | undefined
  onChange: (org: string | undefined) => void
}) {
  const clients = usePartnerClients()
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
        {(clients.data ?? []).map((client) => (
          <option
            key={client.clientOrgUuid}
            value={client.clientOrgUuid}
            disabled={!client.clientAccessAllowed}
          >
            {client.clientOrgName || client.clientOrgUuid}
            {!client.clientAccessAllowed && ' (no access)'}
          </option>
        ))}
      </select>
    </p>
  )
}
