import { useRhombusEnvoyLocations } from '@doorway/react'
import { ErrorAlert } from './ErrorAlert.js'

/**
 * The organisation's Envoy locations read through Rhombus's own Envoy integration
 * (`useRhombusEnvoyLocations`: the BFF asks Rhombus's getEnvoyLocations with its API key).
 */
export function RhombusEnvoyLocations() {
  const locations = useRhombusEnvoyLocations()
  if (locations.error) return <ErrorAlert error={locations.error} />
  if (!locations.data) return <p className="muted">Loading locations…</p>
  return (
    <>
      <h3 id="envoy-locations">Envoy locations</h3>
      {locations.data.length === 0 && <p className="muted">No locations.</p>}
      <ul aria-labelledby="envoy-locations" className="rows">
        {locations.data.map((location) => (
          <li key={location.id} className="row">
            <span className="row__text">
              <span className="row__title">{location.name || location.id}</span>
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
