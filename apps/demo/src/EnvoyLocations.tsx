import { useEnvoyQuery } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

interface EnvoyLocationList {
  data?: Array<{ id: string; attributes?: { name?: string; address?: string } }>
}

/** The company's locations, from Envoy's GET /v1/locations through the BFF proxy. */
export function EnvoyLocations() {
  const locations = useEnvoyQuery<EnvoyLocationList>('/v1/locations')
  if (locations.error) return <ErrorAlert error={locations.error} />
  if (!locations.data) return <p className="muted">Loading locations…</p>
  return (
    <>
      <h3 id="envoy-locations">Envoy locations</h3>
      <ul aria-labelledby="envoy-locations" className="rows">
        {(locations.data.data ?? []).map((location) => (
          <li key={location.id} className="row">
            <span className="row__text">
              <span className="row__title">{location.attributes?.name ?? location.id}</span>
              {location.attributes?.address && (
                <span className="muted">{location.attributes.address}</span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
