import type { EnvoyVia } from '@doorway/core'
import { EnvoyConnectButton, useEnvoyConnect } from '@doorway/react'
import { useState } from 'react'
import { EnvoyLocations } from './EnvoyLocations.js'
import { ErrorAlert } from './ErrorAlert.js'

const ways: ReadonlyArray<{ via: EnvoyVia; label: string; note: string }> = [
  {
    via: 'direct',
    label: 'Direct',
    note: 'This app is the Envoy client; the BFF keeps the tokens.',
  },
  {
    via: 'rhombus',
    label: 'Through Rhombus',
    note: "Rhombus's own Envoy integration keeps the tokens (needs RHOMBUS_API_KEY).",
  },
  { via: 'versori', label: 'Through Versori', note: 'Versori keeps the tokens; popup only.' },
]

/** Connect the signed-in user's Envoy account one of three ways, and show what it gives. */
export function EnvoySection() {
  const [via, setVia] = useState<EnvoyVia>('direct')
  const [redirect, setRedirect] = useState(false)
  const envoy = useEnvoyConnect({ via })
  const way = ways.find((w) => w.via === via)!
  const connection = envoy.connection?.status === 'connected' ? envoy.connection : undefined

  return (
    <section aria-labelledby="envoy">
      <h2 id="envoy">Envoy</h2>
      <fieldset>
        <legend>Way to connect</legend>
        {ways.map((w) => (
          <label key={w.via} className="choice">
            <input
              type="radio"
              name="envoy-via"
              value={w.via}
              checked={via === w.via}
              onChange={() => setVia(w.via)}
            />{' '}
            {w.label}
          </label>
        ))}
      </fieldset>
      <p className="muted">{way.note}</p>
      {via !== 'versori' && (
        <label>
          <input
            type="checkbox"
            checked={redirect}
            onChange={(event) => setRedirect(event.target.checked)}
          />{' '}
          Connect in this tab instead of a popup
        </label>
      )}
      {envoy.isAvailable === false && (
        <p className="muted">This way is not configured on the BFF.</p>
      )}
      {envoy.warning && (
        <p role="status" className="warning">
          {envoy.warning}
        </p>
      )}
      {envoy.error && <ErrorAlert error={envoy.error} />}
      <p>
        <EnvoyConnectButton
          via={via}
          mode={redirect && via !== 'versori' ? 'redirect' : 'popup'}
          className="primary"
        />
      </p>
      {connection && (
        <>
          <p>
            Connected ({way.label}) · company <code>{connection.companyId ?? 'unknown'}</code>
          </p>
          {via === 'direct' ? (
            <EnvoyLocations />
          ) : (
            <p className="muted">
              Locations are read with a direct connection: this way, the tokens stay with{' '}
              {via === 'rhombus' ? 'Rhombus' : 'Versori'}.
            </p>
          )}
        </>
      )}
    </section>
  )
}
