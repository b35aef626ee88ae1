import { useEnvoyQuery } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

interface EnvoyLocationList {
  data?: Array<{ id: string; attributes?: { name?: string; address?: string } }>
}

/** The company's locations, from Envoy's GET /v1/locations through the BFF proxy. */
export function EnvoyLocations() {
  const locations = useEnvoyQuery<EnvoyLocationList>('/v1/locations')
  if (locations.error) return <ErrorAlert error={locations.error} />
  if (!locations.data) return <p>Loading locations…</p>
  return (
    <>
      <h3 id="envoy-locations">Envoy locations</h3>
      <ul aria-labelledby="envoy-locations">
        {(locations.data.data ?? []).map((location) => (
          <li key={location.id}>
            {location.attributes?.name ?? location.id}
            {location.attributes?.address && (
              <span className="muted"> — {location.attributes.address}</span>
            )}
          </li>
        ))}
      </ul>
    </>
  )
}
